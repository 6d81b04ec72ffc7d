package wechatpay.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.creditrepayment.ScheduleRecord;
import wechatpay.reactor.internal.Authorization;
import wechatpay.reactor.internal.Certificates;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.Nonces;
import wechatpay.reactor.internal.RawRequest;
import wechatpay.reactor.internal.RawResponse;
import wechatpay.reactor.internal.Rsa;
import wechatpay.reactor.internal.SigningMessage;
import wechatpay.reactor.internal.Transport;
import wechatpay.reactor.internal.TransportError;

/**
 * The whole pipeline (validate → retry → errorMapping → verify → sign) over a scripted transport: what goes on
 * the wire, how often, signed how, and which exception the caller gets for each kind of answer.
 */
class PipelineTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String MCHID = "1900000001";
    private static final String ID = TestKeys.PUBLIC_KEY_ID;
    private static final RetryPolicy FAST = RetryPolicy.defaults()
            .withBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).withThrottleBackoff(Duration.ofMillis(2));
    private static final String RECORD = "v3/credit-repayment/partner/schedule-records/{out_record_id}";
    private static final String BATCH_CREATE = "v3/credit-repayment/partner/schedule-records/batch-create";
    private static final Map<String, String> A1 = Map.of("out_record_id", "A1", "contract_id", "C1");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final KeyPair FORGER = Certificates.rsaKeyPair(2048);
    private static final AtomicLong REQUEST_IDS = new AtomicLong();

    /** Stands in for a Netty event loop: the scripted transport answers on it. */
    private static Scheduler loop;

    private final List<WechatPayClient> clients = new ArrayList<>();
    private final ScriptedTransport script = new ScriptedTransport();
    private final CountingSigner signer = new CountingSigner();

    @BeforeAll
    static void startLoop() {
        loop = Schedulers.newSingle("fake-event-loop");
    }

    @AfterAll
    static void stopLoop() {
        loop.dispose();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WechatPayClient::close);
    }

    // ---------------------------------------------------------------- laziness and re-signing

    @Test
    void nothingIsSignedOrSentBeforeSubscriptionAndEachSubscriptionSendsAgain() {
        WechatPayClient client = client(FAST);
        Mono<ApiResponse<JsonNode>> get = client.chain(RECORD).get(A1);
        Mono<ApiResponse<JsonNode>> post = client.chain(BATCH_CREATE).post(Map.of("contract_id", "C1"));
        Mono<ScheduleRecord> typed = client.creditRepayment().scheduleRecords().get("A1", "C1");
        assertThat(signer.calls).hasValue(0);
        assertThat(signer.subscriptions).hasValue(0);
        assertThat(script.exchanges).hasValue(0);
        assertThat(script.requests).isEmpty();
        assertThat(get).isNotNull();
        assertThat(post).isNotNull();
        assertThat(typed).isNotNull();

        script.answer(signed(200, "{\"out_record_id\":\"A1\"}")).answer(signed(200, "{\"out_record_id\":\"A1\"}"));
        StepVerifier.create(get).expectNextCount(1).expectComplete().verify(TIMEOUT);
        assertThat(signer.calls).hasValue(1);
        assertThat(script.exchanges).hasValue(1);
        assertThat(script.requests).hasSize(1);

        StepVerifier.create(get).expectNextCount(1).expectComplete().verify(TIMEOUT);
        assertThat(signer.calls).hasValue(2);
        assertThat(script.requests).hasSize(2);
        assertThat(nonce(script.requests.get(0))).isNotEqualTo(nonce(script.requests.get(1)));
    }

    @Test
    void everyRetryIsSignedAnewWithAFreshNonceAndTimestamp() {
        TickingClock clock = new TickingClock(Instant.now());
        WechatPayClient client = client(b -> b.retryPolicy(FAST.withMaxAttempts(4)).clock(clock));
        script.answer(error(500, "SYSTEM_ERROR", "system error"))
                .answer(error(429, "FREQUENCY_LIMITED", "slow down"))
                .fail(TransportError.Kind.RESET)
                .answer(signed(200, "{\"schedule_records\":[]}"));
        StepVerifier.create(client.chain(BATCH_CREATE).post(Map.of("contract_id", "C1")))
                .assertNext(r -> assertThat(r.status()).isEqualTo(200))
                .expectComplete()
                .verify(TIMEOUT);

        List<RawRequest> sent = script.requests;
        assertThat(sent).hasSize(4);
        assertThat(sent).extracting(PipelineTest::nonce).doesNotHaveDuplicates();
        assertThat(sent).extracting(r -> Long.parseLong(auth(r).get(Authorization.TIMESTAMP))).isSorted()
                .doesNotHaveDuplicates();
        for (RawRequest r : sent) {
            assertThat(signatureVerifies(r)).as("signature of %s", nonce(r)).isTrue();
            assertThat(auth(r)).containsEntry(Authorization.MCHID, MCHID)
                    .containsEntry(Authorization.SERIAL, TestKeys.MERCHANT_SERIAL);
            assertThat(r.body()).isEqualTo(sent.get(0).body());
            assertThat(r.pathAndQuery()).isEqualTo("/v3/credit-repayment/partner/schedule-records/batch-create");
        }
        assertThat(signer.calls).hasValue(4);
    }

    @Test
    void a202IsRetriedWithTheSameBodyAndAfterMaxAttemptsIsARetryableServiceError() {
        WechatPayClient client = client(FAST);
        script.answer(signed(202, "")).answer(signed(202, "")).answer(signed(202, ""));
        byte[] body = "{\"contract_id\":\"C1\", \"schedule_items\":[]}".getBytes(StandardCharsets.UTF_8);
        StepVerifier.create(client.chain(BATCH_CREATE).post(body))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayServiceException.class, s -> {
                    assertThat(s.status()).isEqualTo(202);
                    assertThat(s.isRetryable()).isTrue();
                    assertThat(s.call()).isEqualTo("POST /v3/credit-repayment/partner/schedule-records/batch-create");
                }))
                .verify(TIMEOUT);
        assertThat(script.requests).hasSize(FAST.maxAttempts());
        assertThat(script.requests).allSatisfy(r -> assertThat(r.body()).isEqualTo(body));
        assertThat(script.requests).extracting(PipelineTest::nonce).doesNotHaveDuplicates();
    }

    @Test
    void a202ThenA200Succeeds() {
        WechatPayClient client = client(FAST);
        script.answer(signed(202, "")).answer(signed(200, "{\"ok\":true}"));
        StepVerifier.create(client.chain(BATCH_CREATE).post(Map.of("a", "b")))
                .assertNext(r -> assertThat(r.body().path("ok").asBoolean()).isTrue())
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(script.requests).hasSize(2);
    }

    // ---------------------------------------------------------------- answers that are not retried

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"400, PARAM_ERROR", "400, INVALID_REQUEST", "401, SIGN_ERROR", "403, NO_AUTH",
        "404, RESOURCE_NOT_EXISTS", "404, ORDER_NOT_EXIST"})
    void definitiveRefusalsAreNotRetried(int status, String code) {
        WechatPayClient client = client(FAST);
        script.answer(error(status, code, "refused"));
        StepVerifier.create(client.chain(RECORD).get(A1))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayServiceException.class, s -> {
                    assertThat(s.status()).isEqualTo(status);
                    assertThat(s.code()).isEqualTo(code);
                    assertThat(s.serverMessage()).isEqualTo("refused");
                    assertThat(s.isRetryable()).isFalse();
                    assertThat(s.isThrottling()).isFalse();
                }))
                .verify(TIMEOUT);
        assertThat(script.requests).hasSize(1);
    }

    @Test
    void aParamErrorCarriesCodeMessageDetailFieldAndRequestId() {
        WechatPayClient client = client(FAST);
        String body = "{\"code\":\"PARAM_ERROR\",\"message\":\"参数错误：out_record_id 格式不正确\",\"detail\":{"
                + "\"field\":\"/schedule_items/0/out_record_id\",\"value\":\"A-1\",\"issue\":\"must be alphanumeric\","
                + "\"location\":\"body\"}}";
        script.answer(new RawResponse(400, Map.of("Request-ID", "08F1A2B3C4-REQ", "Content-Type", "application/json"),
                utf8(body)));
        StepVerifier.create(client.chain(BATCH_CREATE).post(Map.of("contract_id", "C1")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayServiceException.class, s -> {
                    assertThat(s.status()).isEqualTo(400);
                    assertThat(s.code()).isEqualTo("PARAM_ERROR");
                    assertThat(s.serverMessage()).isEqualTo("参数错误：out_record_id 格式不正确");
                    assertThat(s.field()).isEqualTo("/schedule_items/0/out_record_id");
                    assertThat(s.detail().path("issue").asString()).isEqualTo("must be alphanumeric");
                    assertThat(s.detail().path("location").asString()).isEqualTo("body");
                    assertThat(s.requestId()).isEqualTo("08F1A2B3C4-REQ");
                    assertThat(s.signInformation()).isNull();
                    assertThat(s.call()).isEqualTo("POST /v3/credit-repayment/partner/schedule-records/batch-create");
                    assertThat(s.getMessage()).contains("400 PARAM_ERROR", "参数错误", "/schedule_items/0/out_record_id",
                            "08F1A2B3C4-REQ");
                }))
                .verify(TIMEOUT);
        assertThat(script.requests).hasSize(1);
    }

    @Test
    void aSignErrorShowsTheServersSignInformationBesideTheLengthOfTheMessageWeSigned() {
        WechatPayClient client = client(FAST);
        String body = "{\"code\":\"SIGN_ERROR\",\"message\":\"签名错误\",\"detail\":{\"detail\":{\"issue\":\"sign not match\"},"
                + "\"field\":\"signature\",\"location\":\"authorization\",\"sign_information\":{\"method\":\"GET\","
                + "\"sign_message_length\":97,\"truncated_sign_message\":\"GET\\n/v3/credit-repayment/partner\\n\","
                + "\"url\":\"/v3/credit-repayment/partner/schedule-records/A1?contract_id=C1\"}}}";
        script.answer(new RawResponse(401, Map.of("Request-ID", "REQ-401"), utf8(body)));
        StepVerifier.create(client.chain(RECORD).get(A1))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayServiceException.class, s -> {
                    assertThat(s.code()).isEqualTo("SIGN_ERROR");
                    assertThat(s.isRetryable()).isFalse();
                    assertThat(s.signInformation()).isNotNull();
                    assertThat(s.signInformation().path("sign_message_length").asInt()).isEqualTo(97);
                    int ours = signedMessage(script.requests.get(0)).length;
                    assertThat(s.signedMessageLength()).isEqualTo(ours);
                    assertThat(s.signedMessageLength()).isEqualTo(signer.messages.get(0).length);
                    assertThat(s.getMessage()).contains("97 bytes", "ours had " + ours);
                }))
                .verify(TIMEOUT);
        assertThat(script.requests).hasSize(1);
    }

    @Test
    void anAnswerSignedByAnotherKeyIsForgedAndNeverRetried() {
        WechatPayClient client = client(FAST);
        script.answer(answer(FORGER, ID, Instant.now(), 200, utf8("{\"out_record_id\":\"A1\"}"), h -> { }));
        StepVerifier.create(client.chain(RECORD).get(A1))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayVerificationException.class,
                        v -> {
                            assertThat(v.reason()).isEqualTo(WechatPayVerificationException.Reason.BAD_SIGNATURE);
                            assertThat(v.status()).isEqualTo(200);
                            assertThat(v.isRetryable()).isFalse();
                            assertThat(v.requestId()).isNotNull();
                        }))
                .verify(TIMEOUT);
        assertThat(script.requests).hasSize(1);
    }

    @Test
    void aGenuineAnswerWhoseBodyWasAlteredIsForged() {
        WechatPayClient client = client(FAST);
        RawResponse genuine = signed(200, "{\"repayment_amount\":\"100\"}");
        script.answer(new RawResponse(200, genuine.headers(), utf8("{\"repayment_amount\":\"900\"}")));
        expectVerificationFailure(client, WechatPayVerificationException.Reason.BAD_SIGNATURE);
    }

    @Test
    void aStaleAnswerFailsAsStale() {
        WechatPayClient client = client(FAST);
        script.answer(answer(TestKeys.WECHATPAY, ID, Instant.now().minusSeconds(600), 200, utf8("{}"), h -> { }));
        expectVerificationFailure(client, WechatPayVerificationException.Reason.STALE_TIMESTAMP);
    }

    @Test
    void aSigntestProbeFailsAsAProbe() {
        WechatPayClient client = client(FAST);
        script.answer(answer(TestKeys.WECHATPAY, ID, Instant.now(), 200, utf8("{}"),
                h -> h.put(Headers.WECHATPAY_SIGNATURE, Headers.PROBE_PREFIX + "dGhpcyBpcyBhIHByb2Jl")));
        expectVerificationFailure(client, WechatPayVerificationException.Reason.PROBE);
    }

    @Test
    void anUnknownSerialFailsAsUnknownSerial() {
        WechatPayClient client = client(FAST);
        script.answer(answer(TestKeys.WECHATPAY, "PUB_KEY_ID_0000000000000000000000000999", Instant.now(), 200,
                utf8("{}"), h -> { }));
        expectVerificationFailure(client, WechatPayVerificationException.Reason.UNKNOWN_SERIAL);
    }

    @ParameterizedTest(name = "without {0}")
    @CsvSource({Headers.WECHATPAY_TIMESTAMP, Headers.WECHATPAY_NONCE, Headers.WECHATPAY_SIGNATURE,
        Headers.WECHATPAY_SERIAL})
    void a200WithoutASignatureHeaderFailsAsMissingHeader(String header) {
        WechatPayClient client = client(FAST);
        script.answer(answer(TestKeys.WECHATPAY, ID, Instant.now(), 200, utf8("{}"), h -> h.remove(header)));
        expectVerificationFailure(client, WechatPayVerificationException.Reason.MISSING_HEADER);
    }

    @Test
    void anUnsigned200Or204FailsAsMissingHeader() {
        WechatPayClient client = client(FAST);
        script.answer(new RawResponse(200, Map.of("Request-ID", "R"), utf8("{\"out_record_id\":\"A1\"}")));
        expectVerificationFailure(client, WechatPayVerificationException.Reason.MISSING_HEADER);
        script.answer(new RawResponse(204, Map.of(), new byte[0]));
        expectVerificationFailure(client, WechatPayVerificationException.Reason.MISSING_HEADER);
        assertThat(script.requests).hasSize(2);
    }

    @Test
    void aNonNumericTimestampIsMalformed() {
        WechatPayClient client = client(FAST);
        script.answer(answer(TestKeys.WECHATPAY, ID, Instant.now(), 200, utf8("{}"),
                h -> h.put(Headers.WECHATPAY_TIMESTAMP, "yesterday")));
        expectVerificationFailure(client, WechatPayVerificationException.Reason.MALFORMED);
    }

    @Test
    void aSigned204HasNoBody() {
        WechatPayClient client = client(FAST);
        script.answer(signed(204, ""));
        StepVerifier.create(client.chain("v3/credit-repayment/partner/contracts/{code}/terminate")
                        .post(Map.of("code", "X"), Map.of("remark", "bye")))
                .assertNext(r -> {
                    assertThat(r.status()).isEqualTo(204);
                    assertThat(r.body()).isNull();
                })
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void aVerified2xxBodyThatDoesNotDecodeForATypedCallIsAnUnexpectedResponse() {
        WechatPayClient client = client(FAST);
        script.answer(signed(200, "{\"out_record_id\":\"A1\"}"));
        StepVerifier.create(client.creditRepayment().scheduleRecords().get("A1", "C1"))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayServiceException.class, s -> {
                    assertThat(s.code()).isEqualTo("UNEXPECTED_RESPONSE");
                    assertThat(s.status()).isEqualTo(200);
                    assertThat(s.isRetryable()).isFalse();
                    assertThat(s.requestId()).isNotNull();
                    assertThat(s.call()).startsWith("GET /v3/credit-repayment/partner/schedule-records/");
                }))
                .verify(TIMEOUT);

        script.answer(signed(200, "<html>not json</html>"));
        StepVerifier.create(client.chain(RECORD).get(A1, Thing.class))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayServiceException.class,
                        s -> assertThat(s.code()).isEqualTo("UNEXPECTED_RESPONSE")))
                .verify(TIMEOUT);
        assertThat(script.requests).hasSize(2);
    }

    // ---------------------------------------------------------------- transport failures

    @ParameterizedTest(name = "{0}")
    @EnumSource(TransportError.Kind.class)
    void transportErrorsBecomeTransportExceptionsOfTheSameKind(TransportError.Kind kind) {
        WechatPayClient client = client(RetryPolicy.none());
        script.fail(kind);
        StepVerifier.create(client.chain(RECORD).get(A1))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayTransportException.class,
                        t -> {
                            assertThat(t.kind().name()).isEqualTo(kind.name());
                            boolean neverLeft = kind == TransportError.Kind.CONNECT || kind == TransportError.Kind.POOL;
                            assertThat(t.mayHaveReachedServer()).isEqualTo(!neverLeft);
                            assertThat(t.isRetryable()).isEqualTo(kind != TransportError.Kind.RESPONSE_TOO_LARGE);
                            assertThat(t.requestId()).isNull();
                            assertThat(t.call()).isEqualTo("GET /v3/credit-repayment/partner/schedule-records/A1");
                            assertThat(t.getMessage()).contains("scripted " + kind);
                            if (kind != TransportError.Kind.RESPONSE_TOO_LARGE) {
                                assertThat(t.getMessage()).contains(neverLeft ? "not sent" : "may have acted");
                            }
                        }))
                .verify(TIMEOUT);
        assertThat(script.requests).hasSize(1);
    }

    @Test
    void anUnclassifiedTransportFailureIsOtherWithItsCause() {
        WechatPayClient client = client(RetryPolicy.none());
        IllegalStateException boom = new IllegalStateException("boom");
        script.fail(boom);
        StepVerifier.create(client.chain(RECORD).get(A1))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayTransportException.class,
                        t -> {
                            assertThat(t.kind()).isEqualTo(WechatPayTransportException.Kind.OTHER);
                            assertThat(t.mayHaveReachedServer()).isTrue();
                            assertThat(t.getCause()).isSameAs(boom);
                        }))
                .verify(TIMEOUT);
    }

    @Test
    void aConnectFailureIsRetried() {
        WechatPayClient client = client(FAST);
        script.fail(TransportError.Kind.CONNECT).answer(signed(200, "{}"));
        StepVerifier.create(client.chain(RECORD).get(A1)).expectNextCount(1).expectComplete().verify(TIMEOUT);
        assertThat(script.requests).hasSize(2);
    }

    @Test
    void aTooLargeAnswerIsNotRetried() {
        WechatPayClient client = client(FAST);
        script.fail(TransportError.Kind.RESPONSE_TOO_LARGE).answer(signed(200, "{}"));
        StepVerifier.create(client.chain(RECORD).get(A1))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayTransportException.class,
                        t -> assertThat(t.kind()).isEqualTo(WechatPayTransportException.Kind.RESPONSE_TOO_LARGE)))
                .verify(TIMEOUT);
        assertThat(script.requests).hasSize(1);
    }

    @Test
    void whenRetriesRunOutTheCallerGetsTheLastFailureItself() {
        WechatPayClient client = client(FAST);
        script.answer(error(500, "SYSTEM_ERROR", "one")).answer(error(503, "SERVICE_UNAVAILABLE", "two"))
                .answer(error(502, "BAD_GATEWAY", "three"));
        StepVerifier.create(client.chain(RECORD).get(A1))
                .expectErrorSatisfies(e -> {
                    assertThat(Exceptions.isRetryExhausted(e)).isFalse();
                    assertThat(e).isInstanceOfSatisfying(WechatPayServiceException.class, s -> {
                        assertThat(s.status()).isEqualTo(502);
                        assertThat(s.serverMessage()).isEqualTo("three");
                        assertThat(s.isRetryable()).isTrue();
                    });
                })
                .verify(TIMEOUT);
        assertThat(script.requests).hasSize(3);

        script.fail(TransportError.Kind.RESET).fail(TransportError.Kind.TIMEOUT).fail(TransportError.Kind.CONNECT);
        StepVerifier.create(client.chain(RECORD).get(A1))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayTransportException.class,
                        t -> assertThat(t.kind()).isEqualTo(WechatPayTransportException.Kind.CONNECT)))
                .verify(TIMEOUT);
        assertThat(script.requests).hasSize(6);
    }

    @Test
    void aNonJsonErrorBodyStillMapsToAServiceError() {
        WechatPayClient client = client(RetryPolicy.none());
        String html = "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>";
        script.answer(new RawResponse(502, Map.of("Content-Type", "text/html"), utf8(html)));
        StepVerifier.create(client.chain(RECORD).get(A1))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayServiceException.class, s -> {
                    assertThat(s.status()).isEqualTo(502);
                    assertThat(s.code()).isEqualTo("HTTP_502");
                    assertThat(s.isRetryable()).isTrue();
                    assertThat(s.detail()).isNull();
                    assertThat(s.field()).isNull();
                    assertThat(s.getMessage()).contains("502 HTTP_502").doesNotContain("<html>");
                }))
                .verify(TIMEOUT);

        for (String odd : new String[] {"", "   ", "[1,2]", "\"text\"", "null", "{\"code\":5,\"detail\":\"x\"}", "{\"code\""}) {
            script.answer(new RawResponse(503, Map.of(), utf8(odd)));
            StepVerifier.create(client.chain(RECORD).get(A1))
                    .expectErrorSatisfies(e -> assertThat(e).as("body '%s'", odd)
                            .isInstanceOfSatisfying(WechatPayServiceException.class, s -> {
                                assertThat(s.status()).isEqualTo(503);
                                assertThat(s.code()).isEqualTo("HTTP_503");
                            }))
                    .verify(TIMEOUT);
        }
    }

    // ---------------------------------------------------------------- threads

    @Test
    void signingAndVerifyingRunOnParallelThreadsNotOnTheCallersOrTheEventLoop() {
        WechatPayClient client = client(FAST);
        script.answer(signed(200, "{}")).answer(signed(200, "{}"));
        List<String> downstream = new CopyOnWriteArrayList<>();

        StepVerifier.create(client.chain(RECORD).get(A1).doOnNext(r -> downstream.add(Thread.currentThread().getName())))
                .expectNextCount(1).expectComplete().verify(TIMEOUT);
        StepVerifier.create(client.chain(RECORD).get(A1).subscribeOn(loop)
                        .doOnNext(r -> downstream.add(Thread.currentThread().getName())))
                .expectNextCount(1).expectComplete().verify(TIMEOUT);

        assertThat(signer.threads).hasSize(2).allSatisfy(t -> assertThat(t).startsWith("parallel-"));
        assertThat(script.answerThreads).hasSize(2).allSatisfy(t -> assertThat(t).startsWith("fake-event-loop"));
        assertThat(downstream).hasSize(2).allSatisfy(t -> assertThat(t).startsWith("parallel-"));
    }

    // ---------------------------------------------------------------- secrets in messages

    @Test
    void exceptionMessagesCarryNoAuthorizationSignatureOrWholeBody() {
        String distinctive = "Z" + "0123456789abcdefghijklmnopqrstuvwxyz".repeat(9).substring(0, 299);
        assertThat(distinctive).hasSize(300);
        WechatPayClient client = client(RetryPolicy.none());
        List<Throwable> failures = new ArrayList<>();
        Consumer<Throwable> keep = failures::add;

        script.answer(new RawResponse(400, Map.of("Request-ID", "R1"), utf8("{\"code\":\"PARAM_ERROR\",\"message\":\""
                + distinctive + "\",\"detail\":{\"field\":\"" + distinctive + "\",\"value\":\"VALUE-MARKER\"}}")));
        script.answer(new RawResponse(401, Map.of(), utf8("{\"code\":\"SIGN_ERROR\",\"message\":\"bad\",\"detail\":"
                + "{\"sign_information\":{\"sign_message_length\":10,\"truncated_sign_message\":\"TRUNC-MARKER\"}}}")));
        RawResponse forged = answer(FORGER, ID, Instant.now(), 200, utf8("{\"x\":\"" + distinctive + "\"}"), h -> { });
        script.answer(forged);
        script.answer(new RawResponse(500, Map.of(), utf8("<html>" + distinctive + "</html>")));
        for (int i = 0; i < 4; i++) {
            StepVerifier.create(client.chain(BATCH_CREATE).post(Map.of("secret_body_field", "BODY-MARKER")))
                    .consumeErrorWith(keep).verify(TIMEOUT);
        }
        assertThat(failures).hasSize(4).allSatisfy(e -> assertThat(e).isInstanceOf(WechatPayException.class));
        assertThat(script.requests).hasSize(4);
        for (int i = 0; i < 4; i++) {
            RawRequest sent = script.requests.get(i);
            String message = failures.get(i).getMessage() + " " + failures.get(i);
            assertThat(message).as("failure %d", i)
                    .doesNotContain(sent.headers().get(Headers.AUTHORIZATION))
                    .doesNotContain(auth(sent).get(Authorization.SIGNATURE))
                    .doesNotContain(auth(sent).get(Authorization.SIGNATURE).substring(0, 24))
                    .doesNotContain(distinctive.substring(0, 201))
                    .doesNotContain("BODY-MARKER", "VALUE-MARKER", "TRUNC-MARKER", "secret_body_field");
        }
        assertThat(failures.get(0).getMessage()).contains(distinctive.substring(0, 100));
        assertThat(failures.get(2).getMessage()).doesNotContain(forged.header(Headers.WECHATPAY_SIGNATURE).substring(0, 24));
    }

    // ---------------------------------------------------------------- chain()

    @Test
    void chainFillsPathVariablesEncodedWithCaseKeptAndTheRestBecomesTheQueryInMapOrderAsSigned() {
        WechatPayClient client = client(FAST);
        script.answer(signed(200, "{}"));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("zeta", "Last One");
        params.put("out_record_id", "A b/中");
        params.put("contract_id", "C1+x");
        params.put("alpha", 7);
        StepVerifier.create(client.chain(RECORD).get(params)).expectNextCount(1).expectComplete().verify(TIMEOUT);
        RawRequest sent = script.requests.get(0);
        String expected = "/v3/credit-repayment/partner/schedule-records/A%20b%2F%E4%B8%AD"
                + "?zeta=Last%20One&contract_id=C1%2Bx&alpha=7";
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.pathAndQuery()).isEqualTo(expected);
        assertThat(sent.body()).isEmpty();
        Map<String, String> auth = auth(sent);
        byte[] message = SigningMessage.request("GET", expected, Long.parseLong(auth.get(Authorization.TIMESTAMP)),
                auth.get(Authorization.NONCE), new byte[0]);
        assertThat(signer.messages.get(0)).isEqualTo(message);
        assertThat(Rsa.verify(TestKeys.MERCHANT.getPublic(), null, message,
                Base64.getDecoder().decode(auth.get(Authorization.SIGNATURE)))).isTrue();
    }

    @Test
    void aRawByteBodyIsSentAndSignedByteForByte() {
        WechatPayClient client = client(FAST);
        script.answer(signed(200, "{}"));
        byte[] raw = "{ \"zz\" : 1,\n  \"aa\":\"中\\u0041\" ,\"n\":1.50 }".getBytes(StandardCharsets.UTF_8);
        byte[] original = raw.clone();
        Mono<ApiResponse<JsonNode>> call = client.chain(BATCH_CREATE).post(raw);
        StepVerifier.create(call).expectNextCount(1).expectComplete().verify(TIMEOUT);
        RawRequest sent = script.requests.get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.body()).isEqualTo(original);
        assertThat(signatureVerifies(sent)).isTrue();
        assertThat(signer.messages.get(0)).endsWith(concat(original, new byte[] {'\n'}));
    }

    @Test
    void anObjectBodyIsSentAsJson() {
        WechatPayClient client = client(FAST);
        script.answer(signed(200, "{}")).answer(signed(200, "{}"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("contract_id", "C1");
        body.put("amounts", List.of("100", "200"));
        body.put("note", "信贷");
        StepVerifier.create(client.chain(BATCH_CREATE).post(body)).expectNextCount(1).expectComplete().verify(TIMEOUT);
        StepVerifier.create(client.chain("v3/x/{id}").put(Map.of("id", "9"), new Thing("n", 3)))
                .expectNextCount(1).expectComplete().verify(TIMEOUT);
        assertThat(JSON.readTree(script.requests.get(0).body())).isEqualTo(JSON.valueToTree(body));
        assertThat(new String(script.requests.get(0).body(), StandardCharsets.UTF_8)).contains("信贷");
        assertThat(JSON.readTree(script.requests.get(1).body()))
                .isEqualTo(JSON.readTree("{\"name\":\"n\",\"count\":3}"));
        assertThat(script.requests.get(1).method()).isEqualTo("PUT");
        assertThat(script.requests.get(1).pathAndQuery()).isEqualTo("/v3/x/9");
        assertThat(script.requests).allSatisfy(r -> assertThat(signatureVerifies(r)).isTrue());
    }

    @Test
    void aTypedResponseDecodesAndHeadersAreFoundWhateverTheirCase() {
        WechatPayClient client = client(FAST);
        script.answer(signed(200, "{\"name\":\"widget\",\"count\":42,\"unknown_field\":true}"));
        StepVerifier.create(client.chain(RECORD).get(A1, Thing.class))
                .assertNext(r -> {
                    assertThat(r.body()).isEqualTo(new Thing("widget", 42));
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(r.requestId()).isNotNull();
                    assertThat(r.headers().get("request-id")).isEqualTo(r.requestId());
                    assertThat(r.headers().get("WECHATPAY-SERIAL")).isEqualTo(ID);
                })
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void aPathThatCannotBeExpandedIsRefusedUnsentAndUnsigned() {
        WechatPayClient client = client(FAST);
        StepVerifier.create(client.chain(RECORD).get(Map.of("contract_id", "C1")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(ValidationException.class,
                        v -> assertThat(v.field()).isEqualTo("out_record_id")))
                .verify(TIMEOUT);
        StepVerifier.create(client.chain("v2/pay").get())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(ValidationException.class,
                        v -> assertThat(v.field()).isEqualTo("path")))
                .verify(TIMEOUT);
        assertThat(script.exchanges).hasValue(0);
        assertThat(signer.calls).hasValue(0);
    }

    // ---------------------------------------------------------------- typed schedule records

    @Test
    void anInvalidScheduleItemIsRefusedBeforeAnythingIsSignedOrSent() {
        WechatPayClient client = client(FAST);
        ScheduleItem invalid = validItem().toBuilder().outRecordId("R-2026-01").build();
        StepVerifier.create(client.creditRepayment().scheduleRecords().create(invalid))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(ValidationException.class,
                        v -> assertThat(v.field()).isEqualTo("out_record_id")))
                .verify(TIMEOUT);
        StepVerifier.create(client.creditRepayment().scheduleRecords().create(null))
                .expectError(ValidationException.class)
                .verify(TIMEOUT);
        assertThat(script.exchanges).hasValue(0);
        assertThat(signer.calls).hasValue(0);
    }

    @Test
    void aScheduleQueryWithoutContractIdIsRefusedNamingContractId() {
        WechatPayClient client = client(FAST);
        StepVerifier.create(client.creditRepayment().scheduleRecords().get("A1", null))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(ValidationException.class,
                        v -> assertThat(v.field()).isEqualTo("contract_id")))
                .verify(TIMEOUT);
        StepVerifier.create(client.creditRepayment().scheduleRecords().get(null, "C1"))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(ValidationException.class,
                        v -> assertThat(v.field()).isEqualTo("out_record_id")))
                .verify(TIMEOUT);
        assertThat(script.exchanges).hasValue(0);
        assertThat(signer.calls).hasValue(0);
    }

    @Test
    void aValidScheduleItemIsPostedAndItsRecordDecoded() {
        WechatPayClient client = client(FAST);
        ScheduleItem item = validItem();
        String record = "{\"out_record_id\":\"R20261201001\",\"appid\":\"wxd678efh567hg6787\",\"contract_id\":\"C1\","
                + "\"repayment_amount\":\"10000\",\"min_repayment_amount\":\"2000\",\"repayment_date\":\""
                + item.repaymentDate() + "\",\"openid\":\"o1\"}";
        script.answer(signed(200, "{\"schedule_records\":[" + record + "]}"));
        StepVerifier.create(client.creditRepayment().scheduleRecords().create(item))
                .assertNext(r -> {
                    assertThat(r.outRecordId()).isEqualTo("R20261201001");
                    assertThat(r.repaymentAmount()).isEqualTo(10_000);
                })
                .expectComplete()
                .verify(TIMEOUT);
        RawRequest sent = script.requests.get(0);
        assertThat(sent.pathAndQuery()).isEqualTo("/v3/credit-repayment/partner/schedule-records/batch-create");
        JsonNode body = JSON.readTree(sent.body());
        assertThat(body.path("contract_id").asString()).isEqualTo("C1");
        assertThat(body.path("schedule_items").get(0).path("repayment_amount").asString()).isEqualTo("10000");
    }


    // ---------------------------------------------------------------- derived clients, cancellation

    @Test
    void aMutatedClientAppliesItsOwnRetryPolicyWhileTheOriginalKeepsItsOwn() {
        WechatPayClient original = client(FAST);
        WechatPayClient once = original.mutate().retryPolicy(RetryPolicy.none()).build();
        clients.add(once);
        script.answer(error(500, "SYSTEM_ERROR", "a"));
        StepVerifier.create(once.chain(RECORD).get(A1)).expectError(WechatPayServiceException.class).verify(TIMEOUT);
        assertThat(script.requests).hasSize(1);
        script.answer(error(500, "SYSTEM_ERROR", "b")).answer(signed(200, "{}"));
        StepVerifier.create(original.chain(RECORD).get(A1)).expectNextCount(1).expectComplete().verify(TIMEOUT);
        assertThat(script.requests).hasSize(3);
        once.close();
        script.answer(signed(200, "{}"));
        StepVerifier.create(original.chain(RECORD).get(A1)).expectNextCount(1).expectComplete().verify(TIMEOUT);
    }

    @Test
    void cancellingDuringTheBackoffSendsNothingMore() throws InterruptedException {
        WechatPayClient client = client(FAST.withBackoff(Duration.ofMillis(200), Duration.ofMillis(200)).withJitter(0));
        script.answer(error(503, "SERVICE_UNAVAILABLE", "a")).answer(signed(200, "{}"));
        StepVerifier.create(client.chain(RECORD).get(A1))
                .expectSubscription()
                .then(() -> waitFor(() -> script.requests.size() == 1))
                .thenCancel()
                .verify(TIMEOUT);
        Thread.sleep(400);
        assertThat(script.requests).hasSize(1);
    }

    // ---------------------------------------------------------------- src/main bugs found (see the report)

    /** A signer that fails (KMS down) sent nothing: the failure must not claim WeChat Pay may have acted. */
    @Test
    void aSignerFailureIsNotReportedAsAFailureThatMayHaveReachedWechatPay() {
        RequestSigner failing = new RequestSigner() {
            @Override
            public String serialNumber() {
                return TestKeys.MERCHANT_SERIAL;
            }

            @Override
            public Mono<String> sign(byte[] message) {
                return Mono.error(new IllegalStateException("KMS unreachable"));
            }
        };
        WechatPayClient client = client(b -> b.merchant(MCHID, failing).retryPolicy(FAST));
        StepVerifier.create(client.chain(RECORD).get(A1))
                .expectErrorSatisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain("may have acted");
                    if (e instanceof WechatPayTransportException t) {
                        assertThat(t.mayHaveReachedServer()).isFalse();
                    }
                })
                .verify(TIMEOUT);
        assertThat(script.exchanges).hasValue(0);
    }

    /** {@link WechatPayException#call()} is "METHOD /path of the failed call": the same for every kind of failure. */
    @Test
    void anUnexpectedResponseNamesTheCallAsSentLikeEveryOtherFailure() {
        WechatPayClient client = client(FAST);
        script.answer(signed(200, "{\"out_record_id\":\"A1\"}"));
        StepVerifier.create(client.creditRepayment().scheduleRecords().get("A1", "C1"))
                .expectErrorSatisfies(e -> assertThat(((WechatPayException) e).call())
                        .isEqualTo("GET /v3/credit-repayment/partner/schedule-records/A1"))
                .verify(TIMEOUT);
    }

    /** A window build() accepts must accept a fresh answer; a sub-second one truncates to 0 s and refuses all. */
    @Test
    void aVerificationWindowThatBuildAcceptsAcceptsAFreshAnswer() {
        WechatPayClient client;
        try {
            client = client(b -> b.retryPolicy(FAST).verificationWindow(Duration.ofMillis(500)));
        } catch (ValidationException refused) {
            assertThat(refused.field()).isEqualTo("verificationWindow");
            return;
        }
        script.answer(signed(200, "{}"));
        StepVerifier.create(client.chain(RECORD).get(A1)).expectNextCount(1).expectComplete().verify(TIMEOUT);
    }

    // ---------------------------------------------------------------- helpers

    /** A JSON body type for typed calls. */
    public record Thing(String name, int count) {
    }

    private static ScheduleItem validItem() {
        return ScheduleItem.builder()
                .contractId("C1").appid("wxd678efh567hg6787").openid("o1")
                .outRecordId("R20261201001").subMchid("1900000109")
                .repaymentAmount(10_000).minRepaymentAmount(2_000)
                .repaymentDate(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(3))
                .build();
    }

    private WechatPayClient client(RetryPolicy policy) {
        return client(b -> b.retryPolicy(policy));
    }

    private WechatPayClient client(Consumer<WechatPayClient.Builder> settings) {
        WechatPayClient.Builder b = WechatPayClient.builder()
                .merchant(MCHID, signer)
                .wechatPayPublicKey(ID, TestKeys.WECHATPAY.getPublic())
                .baseUrl("http://127.0.0.1:1")
                .transport(script);
        settings.accept(b);
        WechatPayClient client = b.build();
        clients.add(client);
        return client;
    }

    private void expectVerificationFailure(WechatPayClient client, WechatPayVerificationException.Reason reason) {
        int before = script.requests.size();
        StepVerifier.create(client.chain(RECORD).get(A1))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayVerificationException.class,
                        v -> {
                            assertThat(v.reason()).isEqualTo(reason);
                            assertThat(v.isRetryable()).isFalse();
                        }))
                .verify(TIMEOUT);
        assertThat(script.requests).hasSize(before + 1);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in " + TIMEOUT);
            }
            Thread.onSpinWait();
        }
    }

    private static RawResponse signed(int status, String body) {
        return answer(TestKeys.WECHATPAY, ID, Instant.now(), status, utf8(body), h -> { });
    }

    /** An answer signed as WeChat Pay signs: over {@code TIMESTAMP\nNONCE\nBODY\n}, headers then edited. */
    private static RawResponse answer(KeyPair pair, String serial, Instant at, int status, byte[] body,
            Consumer<Map<String, String>> edit) {
        String ts = Long.toString(at.getEpochSecond());
        String nonce = Nonces.random();
        byte[] signature = Rsa.sign(pair.getPrivate(), null, SigningMessage.response(ts, nonce, body));
        Map<String, String> h = new HashMap<>();
        h.put(Headers.WECHATPAY_TIMESTAMP, ts);
        h.put(Headers.WECHATPAY_NONCE, nonce);
        h.put(Headers.WECHATPAY_SIGNATURE, Base64.getEncoder().encodeToString(signature));
        h.put(Headers.WECHATPAY_SERIAL, serial);
        h.put(Headers.WECHATPAY_SIGNATURE_TYPE, Headers.SIGNATURE_TYPE);
        h.put(Headers.REQUEST_ID, "REQ-" + REQUEST_IDS.incrementAndGet());
        h.put(Headers.CONTENT_TYPE, Headers.JSON);
        edit.accept(h);
        return new RawResponse(status, h, body);
    }

    private static RawResponse error(int status, String code, String message) {
        return new RawResponse(status, Map.of(Headers.REQUEST_ID, "REQ-" + REQUEST_IDS.incrementAndGet()),
                utf8("{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}"));
    }

    private static Map<String, String> auth(RawRequest r) {
        return Authorization.parse(r.headers().get(Headers.AUTHORIZATION))
                .orElseThrow(() -> new AssertionError("no parsable Authorization on " + r));
    }

    private static String nonce(RawRequest r) {
        return auth(r).get(Authorization.NONCE);
    }

    /** The message the request's Authorization claims to sign, rebuilt from what was recorded on the wire. */
    private static byte[] signedMessage(RawRequest r) {
        Map<String, String> a = auth(r);
        return SigningMessage.request(r.method(), r.pathAndQuery(), Long.parseLong(a.get(Authorization.TIMESTAMP)),
                a.get(Authorization.NONCE), r.body());
    }

    private static boolean signatureVerifies(RawRequest r) {
        return Rsa.verify(TestKeys.MERCHANT.getPublic(), null, signedMessage(r),
                Base64.getDecoder().decode(auth(r).get(Authorization.SIGNATURE)));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Records every request and answers from a queue, on the fake event loop, like the Netty transport would. */
    private static final class ScriptedTransport implements Transport {
        final List<RawRequest> requests = new CopyOnWriteArrayList<>();
        final List<String> answerThreads = new CopyOnWriteArrayList<>();
        final AtomicInteger exchanges = new AtomicInteger();
        private final Queue<Function<RawRequest, Mono<RawResponse>>> answers = new ConcurrentLinkedQueue<>();

        ScriptedTransport answer(RawResponse response) {
            answers.add(r -> Mono.just(response));
            return this;
        }

        ScriptedTransport fail(TransportError.Kind kind) {
            return fail(new TransportError(kind, "scripted " + kind, null));
        }

        ScriptedTransport fail(Throwable error) {
            answers.add(r -> Mono.error(error));
            return this;
        }

        @Override
        public Mono<RawResponse> exchange(RawRequest request) {
            exchanges.incrementAndGet();
            return Mono.defer(() -> {
                        requests.add(request);
                        Function<RawRequest, Mono<RawResponse>> next = answers.poll();
                        return next == null ? Mono.error(new AssertionError("unscripted request " + request))
                                : next.apply(request);
                    })
                    .publishOn(loop)
                    .doOnNext(r -> answerThreads.add(Thread.currentThread().getName()));
        }
    }

    /** The real RSA signer, counted: how often it is asked, subscribed, what it signs and on which thread. */
    private static final class CountingSigner implements RequestSigner {
        final RequestSigner delegate = RequestSigner.rsa(TestKeys.MERCHANT_SERIAL, TestKeys.MERCHANT.getPrivate());
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger subscriptions = new AtomicInteger();
        final List<byte[]> messages = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public String serialNumber() {
            return delegate.serialNumber();
        }

        @Override
        public Mono<String> sign(byte[] message) {
            calls.incrementAndGet();
            return delegate.sign(message)
                    .doOnSubscribe(s -> subscriptions.incrementAndGet())
                    .doOnNext(signature -> {
                        messages.add(message.clone());
                        threads.add(Thread.currentThread().getName());
                    });
        }
    }

    /** A clock that moves one second every time it is read. */
    private static final class TickingClock extends Clock {
        private final AtomicLong seconds;

        TickingClock(Instant start) {
            this.seconds = new AtomicLong(start.getEpochSecond());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(seconds.getAndIncrement());
        }
    }
}
