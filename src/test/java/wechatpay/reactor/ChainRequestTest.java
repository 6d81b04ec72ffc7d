package wechatpay.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.internal.Certificates;
import wechatpay.reactor.internal.Headers;

/** What chain() puts on the wire: Wechatpay-Serial, per-call headers, and bodies without JSON null. */
class ChainRequestTest extends PipelineFixtures {
    private static final String PRESIGN = "v3/credit-repayment/partner/contracts/h5-presign";

    private String sentBody() {
        return new String(script.requests.get(0).body(), StandardCharsets.UTF_8);
    }

    private void refused(Mono<?> call, String field) {
        StepVerifier.create(call)
                .expectErrorSatisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo(field))
                .verify(TIMEOUT);
        assertThat(script.requests).isEmpty();
        assertThat(signer.calls.get()).isZero();
    }

    @Test
    void everyRequestNamesTheTrustedKeyAndACallMayNameAnother() {
        WechatPayClient client = client(FAST);
        script.answer(signed(200, "{}")).answer(signed(200, "{}"));
        client.chain(RECORD).get(A1).block(TIMEOUT);
        client.chain(RECORD).header("wechatpay-serial", "PUB_KEY_ID_0114232134912410000000000009").get(A1).block(TIMEOUT);
        assertThat(script.requests.get(0).headers()).containsEntry(Headers.WECHATPAY_SERIAL, ID);
        assertThat(script.requests.get(1).headers()).containsEntry("wechatpay-serial",
                "PUB_KEY_ID_0114232134912410000000000009").doesNotContainKey(Headers.WECHATPAY_SERIAL);
    }

    @Test
    void withCertificatesOnlyTheNewestValidOneIsNamed() {
        Instant now = Instant.now();
        CertificateInfo older = CertificateInfo.of(Certificates.selfSigned(TestKeys.WECHATPAY, "old", BigInteger.valueOf(0xA1),
                now.minus(Duration.ofDays(300)), now.plus(Duration.ofDays(60))));
        CertificateInfo newer = CertificateInfo.of(Certificates.selfSigned(TestKeys.WECHATPAY, "new", BigInteger.valueOf(0xB2),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365))));
        CertificateInfo future = CertificateInfo.of(Certificates.selfSigned(TestKeys.WECHATPAY, "future",
                BigInteger.valueOf(0xC3), now.plus(Duration.ofDays(10)), now.plus(Duration.ofDays(400))));
        VerificationKeys keys = VerificationKeys.builder().certificate(older).certificate(future).certificate(newer).build();
        assertThat(keys.preferredSerial(now)).isEqualTo(newer.serial());
        WechatPayClient client = WechatPayClient.builder().merchant(MCHID, signer).verificationKeys(keys)
                .baseUrl("http://127.0.0.1:1").transport(script).retryPolicy(FAST).build();
        clients.add(client);
        script.answer(error(404, "RESOURCE_NOT_EXISTS", "none"));
        client.chain(RECORD).get(A1).onErrorResume(e -> Mono.empty()).block(TIMEOUT);
        assertThat(script.requests.get(0).headers()).containsEntry(Headers.WECHATPAY_SERIAL, newer.serial());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "content-type", "ACCEPT", "User-Agent", "Host", "", "bad name", "a:b"})
    void headersTheClientSetsOrThatAreNoHeaderNamesAreRefused(String name) {
        WechatPayClient client = client(FAST);
        StepVerifier.create(Mono.fromCallable(() -> client.chain(PRESIGN).header(name, "x")))
                .expectErrorSatisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("header"))
                .verify(TIMEOUT);
        StepVerifier.create(Mono.fromCallable(() -> client.chain(PRESIGN).header("X-Ok", "a\r\nInjected: 1")))
                .expectErrorSatisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("header"))
                .verify(TIMEOUT);
    }

    /** A caller's body type with absent parts. */
    record Presign(String appid, String planId, Optional<String> subMchid, Map<String, Object> jumpInfo) {
    }

    @Test
    void nullsAndEmptyOptionalsAreLeftOutAtEveryDepth() {
        WechatPayClient client = client(FAST);
        script.answer(signed(200, "{}")).answer(signed(200, "{}"));
        Map<String, Object> inner = new HashMap<>();
        inner.put("jump_appid", "wx1");
        inner.put("gone", null);
        client.chain(PRESIGN).post(new Presign("wx1", null, Optional.empty(), inner)).block(TIMEOUT);
        assertThat(sentBody()).isEqualTo("{\"appid\":\"wx1\",\"jumpInfo\":{\"jump_appid\":\"wx1\"}}");

        ObjectNode node = JsonMapper.builder().build().createObjectNode().put("a", "b").putNull("c");
        client.chain(PRESIGN).post(node).block(TIMEOUT);
        assertThat(new String(script.requests.get(1).body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"b\"}");
        assertThat(node.has("c")).as("the caller's node is left as it was").isTrue();
    }

    @Test
    void aStringIsSentAsTheJsonTextItIs() {
        WechatPayClient client = client(FAST);
        script.answer(signed(200, "{}"));
        String text = "{ \"z\" : 1,\n  \"a\" : \"无\" }";
        client.chain(PRESIGN).post(text).block(TIMEOUT);
        assertThat(sentBody()).isEqualTo(text);
    }

    /** A body Jackson cannot write: its accessor fails. */
    record Unwritable(String value) {
        @Override
        public String value() {
            throw new IllegalStateException("cannot be read");
        }
    }

    @Test
    void bodiesThatAreNotAJsonObjectAreRefusedBeforeSending() {
        WechatPayClient client = client(FAST);
        refused(client.chain(PRESIGN).post("not json"), "body");
        refused(client.chain(PRESIGN).post("[1,2]"), "body");
        refused(client.chain(PRESIGN).post(List.of(1, 2)), "body");
        refused(client.chain(PRESIGN).post(42), "body");
        refused(client.chain(PRESIGN).post(new Unwritable("x")), "body");
        refused(client.chain(PRESIGN).post(Map.of("items", java.util.Arrays.asList(1, null))), "body");
        refused(client.chain(PRESIGN).post(new Object()), "body");
    }

    @Test
    void aRefusedNullIsNamedByAJsonPointer() {
        WechatPayClient client = client(FAST);
        StepVerifier.create(client.chain(PRESIGN).post(Map.of("a/b", Map.of("c~d", java.util.Arrays.asList((Object) null)))))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("null at /a~1b/c~0d/0"))
                .verify(TIMEOUT);
        assertThat(script.requests).isEmpty();
    }

    @Test
    void aHeaderSetTwiceInAnyCaseIsSentOnceWithTheLastValue() {
        WechatPayClient client = client(FAST);
        script.answer(signed(200, "{}"));
        client.chain(RECORD).header("X-Trace", "one").header("x-trace", "two").get(A1).block(TIMEOUT);
        assertThat(script.requests.get(0).headers().entrySet())
                .filteredOn(h -> h.getKey().equalsIgnoreCase("x-trace"))
                .singleElement().satisfies(h -> assertThat(h.getValue()).isEqualTo("two"));
    }

    @Test
    void aSignerThatCompletesEmptyIsASigningFailureAndNothingIsSent() {
        RequestSigner empty = new RequestSigner() {
            @Override
            public String serial() {
                return TestKeys.MERCHANT_SERIAL;
            }

            @Override
            public Mono<String> sign(byte[] message) {
                return Mono.empty();
            }
        };
        WechatPayClient client = client(b -> b.merchant(MCHID, empty).retryPolicy(RetryPolicy.none()));
        StepVerifier.create(client.chain(RECORD).get(A1))
                .expectErrorSatisfies(e -> assertThat(((WechatPayTransportException) e).kind())
                        .isEqualTo(WechatPayTransportException.Kind.SIGNING))
                .verify(TIMEOUT);
        assertThat(script.requests).isEmpty();
    }
}
