package wechatpay.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.internal.Certificates;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.RawRequest;

/**
 * What {@code chain()} puts on the wire, read from the scripted transport: the {@code Wechatpay-Serial} every
 * request names, the headers a caller may and may not add, and the exact bytes of each kind of body; and that
 * whatever is refused is refused before anything is signed or sent.
 */
class ChainBodyAndHeaderTest extends PipelineFixtures {
    private static final String PRESIGN = "v3/credit-repayment/partner/contracts/h5-presign";
    private static final String OTHER_KEY = "PUB_KEY_ID_0114232134912410000000000009";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The values of every header named {@code name} in any case: more than one would be two headers on the wire. */
    private static List<String> headerValues(RawRequest r, String name) {
        return r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).toList();
    }

    private static String sent(RawRequest r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- Wechatpay-Serial

    @Test
    void everyRequestWhateverItsMethodNamesTheConfiguredPublicKeyOnce() {
        WechatPayClient client = client(FAST);
        for (int i = 0; i < 5; i++) {
            script.answer(signed(200, "{}"));
        }
        client.chain(RECORD).get(A1).block(TIMEOUT);
        client.chain(PRESIGN).post(Map.of("a", "b")).block(TIMEOUT);
        client.chain("v3/x/{id}").put(Map.of("id", "1"), Map.of("a", "b")).block(TIMEOUT);
        client.chain("v3/x/{id}").patch(Map.of("id", "1"), "{\"a\":1}").block(TIMEOUT);
        client.chain("v3/x/{id}").delete(Map.of("id", "1")).block(TIMEOUT);

        assertThat(script.requests).extracting(RawRequest::method).containsExactly("GET", "POST", "PUT", "PATCH", "DELETE");
        assertThat(script.requests).allSatisfy(r ->
                assertThat(headerValues(r, Headers.WECHATPAY_SERIAL)).containsExactly(ID));
    }

    private static CertificateInfo certificate(long serial, Instant notBefore, Instant notAfter) {
        return CertificateInfo.of(Certificates.selfSigned(TestKeys.WECHATPAY, "platform " + serial,
                BigInteger.valueOf(serial), notBefore, notAfter));
    }

    /** The one Wechatpay-Serial a client trusting only {@code keys} sends (404 answers are not verified). */
    private String serialSentWith(VerificationKeys keys) {
        // Not the fixture's client(): that one adds the public key, which would be named first.
        WechatPayClient client = WechatPayClient.builder().merchant(MCHID, signer).verificationKeys(keys)
                .baseUrl("http://127.0.0.1:1").transport(script).retryPolicy(RetryPolicy.none()).build();
        clients.add(client);
        int before = script.requests.size();
        script.answer(error(404, "RESOURCE_NOT_EXISTS", "none"));
        StepVerifier.create(client.chain(RECORD).get(A1))
                .expectErrorSatisfies(e -> assertThat(((WechatPayServiceException) e).status()).isEqualTo(404))
                .verify(TIMEOUT);
        assertThat(script.requests).hasSize(before + 1);
        List<String> values = headerValues(script.requests.get(before), Headers.WECHATPAY_SERIAL);
        assertThat(values).hasSize(1);
        return values.get(0);
    }

    @Test
    void withOnlyAPlatformCertificateTheRequestNamesItsSerial() {
        Instant now = Instant.now();
        CertificateInfo only = certificate(0xABCDEF12L, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        assertThat(serialSentWith(VerificationKeys.builder().certificate(only).build()))
                .isEqualTo(only.serial()).isEqualTo("ABCDEF12");
    }

    @Test
    void withTwoValidCertificatesTheRequestNamesTheOneThatBecameEffectiveLastInEitherOrder() {
        Instant now = Instant.now();
        CertificateInfo older = certificate(0x1111L, now.minus(Duration.ofDays(200)), now.plus(Duration.ofDays(100)));
        CertificateInfo newer = certificate(0x2222L, now.minus(Duration.ofDays(2)), now.plus(Duration.ofDays(20)));
        // The newer one expires first: "became effective last" is neither "lives longest" nor the order of adding.
        assertThat(serialSentWith(VerificationKeys.builder().certificate(older).certificate(newer).build()))
                .isEqualTo(newer.serial());
        assertThat(serialSentWith(VerificationKeys.builder().certificate(newer).certificate(older).build()))
                .isEqualTo(newer.serial());
    }

    @Test
    void aCallNamingWechatpaySerialReplacesTheDefaultInAnySpellingWithOneHeader() {
        WechatPayClient client = client(FAST);
        script.answer(signed(200, "{}")).answer(signed(200, "{}")).answer(signed(200, "{}"));
        client.chain(RECORD).header("Wechatpay-Serial", OTHER_KEY).get(A1).block(TIMEOUT);
        client.chain(RECORD).header("wechatpay-serial", OTHER_KEY).get(A1).block(TIMEOUT);
        client.chain(RECORD).header("WECHATPAY-SERIAL", OTHER_KEY).get(A1).block(TIMEOUT);
        assertThat(script.requests).hasSize(3).allSatisfy(r ->
                assertThat(headerValues(r, Headers.WECHATPAY_SERIAL)).containsExactly(OTHER_KEY));
    }

    @Test
    void aHeaderNamedTwiceInDifferentCaseIsOneHeaderTheLastValue() {
        WechatPayClient client = client(FAST);
        script.answer(signed(200, "{}"));
        client.chain(RECORD).header("Wechatpay-Serial", ID).header("wechatpay-serial", OTHER_KEY).get(A1).block(TIMEOUT);
        assertThat(headerValues(script.requests.get(0), Headers.WECHATPAY_SERIAL)).containsExactly(OTHER_KEY);
    }

    @Test
    void aHeaderOfTheCallersOwnGoesOnTheWireBesideTheClientsOnes() {
        WechatPayClient client = client(FAST);
        script.answer(signed(200, "{}"));
        client.chain(RECORD).header("X-Trace", "t-1").get(A1).block(TIMEOUT);
        RawRequest r = script.requests.get(0);
        assertThat(headerValues(r, "X-Trace")).containsExactly("t-1");
        assertThat(headerValues(r, Headers.WECHATPAY_SERIAL)).containsExactly(ID);
        assertThat(headerValues(r, Headers.AUTHORIZATION)).hasSize(1);
    }

    // ---------------------------------------------------------------- header(...) refusals

    private void refusedHeader(String name, String value) {
        WechatPayClient client = client(FAST);
        Chain chain = client.chain(PRESIGN);
        assertThatThrownBy(() -> chain.header(name, value))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("header"));
        assertThat(script.requests).isEmpty();
        assertThat(signer.calls.get()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Authorization", "authorization", "AUTHORIZATION", "Content-Type", "content-type",
        "CONTENT-TYPE", "Accept", "accept", "ACCEPT", "User-Agent", "user-agent", "USER-AGENT", "Host", "host", "HOST"})
    void headersTheClientSetsItselfAreRefusedInAnyCase(String name) {
        refusedHeader(name, "x");
    }

    @ParameterizedTest(name = "[{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t", "bad name", "a:b", "X-Tab\there", "Na\u00efve", "X-\u4e2d", "X-New\nLine"})
    void blankOrInvalidHeaderNamesAreRefused(String name) {
        refusedHeader(name, "x");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"a\r\nInjected: 1", "a\nb", "a\rb", "\r\n", "PUB_KEY_ID_1\r\n"})
    void headerValuesWithALineBreakAreRefused(String value) {
        refusedHeader("X-Ok", value);
        refusedHeader("Wechatpay-Serial", value);
    }

    @Test
    void aNullHeaderValueIsRefused() {
        refusedHeader("X-Ok", null);
    }

    @Test
    void aRefusedHeaderLeavesTheChainItCameFromUsable() {
        WechatPayClient client = client(FAST);
        Chain chain = client.chain(RECORD).header("X-Ok", "1");
        assertThatThrownBy(() -> chain.header("Authorization", "forged")).isInstanceOf(ValidationException.class);
        script.answer(signed(200, "{}"));
        chain.get(A1).block(TIMEOUT);
        RawRequest r = script.requests.get(0);
        assertThat(headerValues(r, "X-Ok")).containsExactly("1");
        assertThat(headerValues(r, Headers.AUTHORIZATION)).singleElement(InstanceOfAssertFactories.STRING)
                .startsWith("WECHATPAY2-SHA256-RSA2048 ").doesNotContain("forged");
    }

    // ---------------------------------------------------------------- bodies that are sent

    private RawRequest post(Object body) {
        WechatPayClient client = client(FAST);
        int before = script.requests.size();
        script.answer(signed(200, "{}"));
        StepVerifier.create(client.chain(PRESIGN).post(body)).expectNextCount(1).expectComplete().verify(TIMEOUT);
        assertThat(script.requests).hasSize(before + 1);
        RawRequest r = script.requests.get(before);
        assertThat(signatureVerifies(r)).as("the signature covers the bytes sent").isTrue();
        return r;
    }

    private static Map<String, Object> onlyNull(String key) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, null);
        return m;
    }

    @Test
    void aMapsNullMembersAreLeftOutAtEveryDepth() {
        Map<String, Object> deepest = new LinkedHashMap<>();
        deepest.put("gone", null);
        deepest.put("kept", "k");
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("jump_appid", "wx1");
        inner.put("nothing", null);
        inner.put("deeper", deepest);
        inner.put("list", List.of(Map.of("x", 1), onlyNull("only")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("appid", "wx1");
        body.put("sub_mchid", null);
        body.put("jump_info", inner);
        body.put("n", 0);
        body.put("empty", "");
        assertThat(sent(post(body))).isEqualTo("{\"appid\":\"wx1\",\"jump_info\":{\"jump_appid\":\"wx1\",\"deeper\":"
                + "{\"kept\":\"k\"},\"list\":[{\"x\":1},{}]},\"n\":0,\"empty\":\"\"}");
        assertThat(body).containsKey("sub_mchid");
        assertThat(inner).containsKey("nothing");
    }

    /** A caller's body types with absent parts; components in alphabetical order, so either ordering gives the same. */
    record Identity(Optional<String> identityId, String identityType, Optional<String> realName) {
    }

    record Presign(String appid, String contractNotifyUrl, Optional<Identity> extra, Identity identity,
            Optional<Integer> repaymentDay, String subMchid) {
    }

    @Test
    void aRecordsNullAndEmptyOptionalComponentsAreLeftOutAtEveryDepth() {
        Presign body = new Presign("wx1", null, Optional.empty(),
                new Identity(Optional.empty(), "IDCARD", Optional.of("enc")), Optional.of(5), null);
        assertThat(sent(post(body))).isEqualTo(
                "{\"appid\":\"wx1\",\"identity\":{\"identityType\":\"IDCARD\",\"realName\":\"enc\"},\"repaymentDay\":5}");

        Presign nested = new Presign("wx1", "https://m.example/n", Optional.of(new Identity(Optional.empty(), null,
                Optional.empty())), null, Optional.empty(), "1900000109");
        assertThat(sent(post(nested))).isEqualTo(
                "{\"appid\":\"wx1\",\"contractNotifyUrl\":\"https://m.example/n\",\"extra\":{},\"subMchid\":\"1900000109\"}");
    }

    @Test
    void anObjectNodesNullMembersAreLeftOutAndTheCallersNodeIsNotChanged() {
        ObjectNode node = JSON.createObjectNode();
        node.put("a", "b");
        node.putNull("c");
        ObjectNode inner = node.putObject("inner");
        inner.putNull("gone");
        inner.put("kept", 1);
        node.putArray("list").addObject().putNull("x");
        JsonNode copy = node.deepCopy();

        assertThat(sent(post(node))).isEqualTo("{\"a\":\"b\",\"inner\":{\"kept\":1},\"list\":[{}]}");
        assertThat(node).as("the caller's node is left as it was").isEqualTo(copy);
        assertThat(node.get("c").isNull()).isTrue();
        assertThat(inner.has("gone")).isTrue();
    }

    @Test
    void aStringIsSentByteForByteAsGivenNotReEncoded() {
        String text = "{ \"z\" : 1,\n  \"a\" : \"无\",\t\"n\": 1.50, \"e\":\"\\u0041\" }";
        RawRequest r = post(text);
        assertThat(r.body()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        assertThat(sent(r)).startsWith("{ \"z\"");
        // The signed message ends in exactly those bytes and the newline.
        byte[] message = signer.messages.get(signer.messages.size() - 1);
        byte[] tail = Arrays.copyOfRange(message, message.length - r.body().length - 1, message.length);
        assertThat(tail).isEqualTo((text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bytesAreSentExactlyAsGivenAndLaterChangesToTheArrayDoNotLeak() {
        byte[] raw = {'{', ' ', '"', 'a', '"', ':', (byte) 0xE6, (byte) 0x97, (byte) 0xA0, '}', '\n'};
        byte[] original = raw.clone();
        WechatPayClient client = client(FAST);
        script.answer(signed(200, "{}"));
        StepVerifier.create(client.chain(PRESIGN).post(raw)).expectNextCount(1).expectComplete().verify(TIMEOUT);
        assertThat(script.requests.get(0).body()).isEqualTo(original);
        assertThat(signatureVerifies(script.requests.get(0))).isTrue();
        raw[0] = 'X';        // the caller reuses its buffer: what was sent and signed is a copy
        assertThat(script.requests.get(0).body()).isEqualTo(original);
    }

    // ---------------------------------------------------------------- bodies that are refused

    private void refusedBody(Object body, String... ruleContains) {
        WechatPayClient client = client(FAST);
        Mono<ApiResponse<JsonNode>> call = client.chain(PRESIGN).post(body);
        StepVerifier.create(call)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(ValidationException.class, v -> {
                    assertThat(v.field()).isEqualTo("body");
                    for (String part : ruleContains) {
                        assertThat(v.rule()).contains(part);
                    }
                }))
                .verify(TIMEOUT);
        assertThat(script.requests).as("nothing sent").isEmpty();
        assertThat(script.exchanges.get()).isZero();
        assertThat(signer.calls.get()).as("nothing signed").isZero();
    }

    @Test
    void aNullInsideAnArrayIsRefusedNamingItsJsonPointer() {
        refusedBody(Map.of("items", Arrays.asList("a", null)), "/items/1");
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("list", Arrays.asList(Map.of("a", 1), Map.of("b", 2), null));
        refusedBody(Map.of("outer", outer), "/outer/list/2");
        ObjectNode node = JSON.createObjectNode();
        node.putArray("schedule_items").addObject().putArray("tags").add("t").addNull();
        refusedBody(node, "/schedule_items/0/tags/1");
        refusedBody(Map.of("nested", List.of(Arrays.asList(1, null))), "/nested/0/1");
    }

    @Test
    void theJsonPointerOfARefusedNullEscapesSlashAndTilde() {
        refusedBody(Map.of("a/b", Map.of("c~d", Arrays.asList((Object) null))), "null at /a~1b/c~0d/0");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"not json", "{\"a\":", "{a:1}", "", "   ", "[1,2]", "[]", "\"text\"", "42", "true", "null",
        "{\"a\":1} trailing", "{\"a\":1}{\"b\":2}"})
    void aStringThatIsNotAJsonObjectIsRefused(String text) {
        refusedBody(text);
    }

    /** A body Jackson cannot write: its accessor fails. */
    record Unwritable(String value) {
        @Override
        public String value() {
            throw new IllegalStateException("cannot be read");
        }
    }

    /** A body that refers to itself. */
    static final class Loop {
        public Loop getSelf() {
            return this;
        }
    }

    @Test
    void bodiesThatAreNotJsonObjectsAreRefused() {
        refusedBody(List.of(1, 2), "List");
        refusedBody(List.of(Map.of("a", 1)));
        refusedBody(new Object[] {Map.of("a", 1)});
        refusedBody(42, "Integer");
        refusedBody(4.2);
        refusedBody(Boolean.TRUE);
        refusedBody(JSON.createArrayNode().add(1));
        refusedBody(JsonNodeFactory.instance.stringNode("x"));
    }

    @Test
    void objectsJacksonCannotWriteAreRefused() {
        refusedBody(new Unwritable("x"), "Unwritable cannot be written as JSON");
        refusedBody(new Loop(), "Loop cannot be written as JSON");
        refusedBody(new Object(), "Object cannot be written as JSON");
    }

    // ---------------------------------------------------------------- the signer

    private static final RequestSigner EMPTY_SIGNER = new RequestSigner() {
        @Override
        public String serial() {
            return TestKeys.MERCHANT_SERIAL;
        }

        @Override
        public Mono<String> sign(byte[] message) {
            return Mono.empty();
        }
    };

    @ParameterizedTest(name = "retries {0}")
    @ValueSource(booleans = {false, true})
    void aSignerThatCompletesEmptyIsASigningFailureAndNothingIsSent(boolean retries) {
        WechatPayClient client = client(b -> b.merchant(MCHID, EMPTY_SIGNER).retryPolicy(retries ? FAST : RetryPolicy.none()));
        StepVerifier.create(client.chain(PRESIGN).post(Map.of("a", "b")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayTransportException.class, t -> {
                    assertThat(t.kind()).isEqualTo(WechatPayTransportException.Kind.SIGNING);
                    assertThat(t.mayHaveActed()).isFalse();
                    assertThat(t.call()).isEqualTo("POST /" + PRESIGN);
                }))
                .verify(TIMEOUT);
        assertThat(script.requests).isEmpty();
        assertThat(script.exchanges.get()).isZero();
    }
}
