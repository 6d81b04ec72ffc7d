package wechatpay.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import wechatpay.reactor.internal.Authorization;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.RawRequest;
import wechatpay.reactor.internal.RawAnswer;
import wechatpay.reactor.internal.TransportError;

/** Pipeline: which exception, carrying what, the caller gets for each error answer or failure; never a secret. */
class PipelineErrorMappingTest extends PipelineFixtures {
    @Test
    void aParamErrorCarriesCodeMessageDetailFieldAndRequestId() {
        WechatPayClient client = client(FAST);
        String body = "{\"code\":\"PARAM_ERROR\",\"message\":\"参数错误：out_record_id 格式不正确\",\"detail\":{"
                + "\"field\":\"/schedule_items/0/out_record_id\",\"value\":\"A-1\",\"issue\":\"must be alphanumeric\","
                + "\"location\":\"body\"}}";
        script.answer(new RawAnswer(400, Map.of("Request-ID", "08F1A2B3C4-REQ", "Content-Type", "application/json"),
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
    void aSignErrorComparesTheServersSignInformationWithTheMessageWeSigned() {
        WechatPayClient client = client(FAST);
        String body = "{\"code\":\"SIGN_ERROR\",\"message\":\"签名错误\",\"detail\":{\"detail\":{\"issue\":\"sign not match\"},"
                + "\"field\":\"signature\",\"location\":\"authorization\",\"sign_information\":{\"method\":\"GET\","
                + "\"sign_message_length\":97,\"truncated_sign_message\":\"GET\\n/v3/credit-repayment/partner\\n\","
                + "\"url\":\"/v3/credit-repayment/partner/schedule-records/A1?contract_id=C1\"}}}";
        script.answer(new RawAnswer(401, Map.of("Request-ID", "REQ-401"), utf8(body)));
        StepVerifier.create(client.chain(RECORD).get(A1))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayServiceException.class, s -> {
                    assertThat(s.code()).isEqualTo("SIGN_ERROR");
                    assertThat(s.isRetryable()).isFalse();
                    assertThat(s.signInformation()).isNotNull();
                    assertThat(s.signInformation().path("sign_message_length").asInt()).isEqualTo(97);
                    int ours = signedMessage(script.requests.get(0)).length;
                    assertThat(s.signedMessageLength()).isEqualTo(ours);
                    assertThat(s.signedMessageLength()).isEqualTo(signer.messages.get(0).length);
                    assertThat(s.getMessage()).contains("ours " + ours + " bytes, WeChat Pay's 97");
                }))
                .verify(TIMEOUT);
        assertThat(script.requests).hasSize(1);
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
                            assertThat(t.mayHaveActed()).isEqualTo(!neverLeft);
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
                            assertThat(t.mayHaveActed()).isTrue();
                            assertThat(t.getCause()).isSameAs(boom);
                        }))
                .verify(TIMEOUT);
    }

    /** A signer that fails (KMS down) sent nothing: the failure must not claim WeChat Pay may have acted. */
    @Test
    void aSignerFailureIsNotReportedAsAFailureThatMayHaveReachedWechatPay() {
        RequestSigner failing = new RequestSigner() {
            @Override
            public String serial() {
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
                        assertThat(t.mayHaveActed()).isFalse();
                    }
                })
                .verify(TIMEOUT);
        assertThat(script.exchanges).hasValue(0);
    }

    @Test
    void aNonJsonErrorBodyStillMapsToAServiceError() {
        WechatPayClient client = client(RetryPolicy.none());
        String html = "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>";
        script.answer(new RawAnswer(502, Map.of("Content-Type", "text/html"), utf8(html)));
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
            script.answer(new RawAnswer(503, Map.of(), utf8(odd)));
            StepVerifier.create(client.chain(RECORD).get(A1))
                    .expectErrorSatisfies(e -> assertThat(e).as("body '%s'", odd)
                            .isInstanceOfSatisfying(WechatPayServiceException.class, s -> {
                                assertThat(s.status()).isEqualTo(503);
                                assertThat(s.code()).isEqualTo("HTTP_503");
                            }))
                    .verify(TIMEOUT);
        }
    }

    @Test
    void exceptionMessagesCarryNoAuthorizationSignatureOrWholeBody() {
        String distinctive = "Z" + "0123456789abcdefghijklmnopqrstuvwxyz".repeat(9).substring(0, 299);
        assertThat(distinctive).hasSize(300);
        WechatPayClient client = client(RetryPolicy.none());
        List<Throwable> failures = new ArrayList<>();
        Consumer<Throwable> keep = failures::add;

        script.answer(new RawAnswer(400, Map.of("Request-ID", "R1"), utf8("{\"code\":\"PARAM_ERROR\",\"message\":\""
                + distinctive + "\",\"detail\":{\"field\":\"" + distinctive + "\",\"value\":\"VALUE-MARKER\"}}")));
        script.answer(new RawAnswer(401, Map.of(), utf8("{\"code\":\"SIGN_ERROR\",\"message\":\"bad\",\"detail\":"
                + "{\"sign_information\":{\"sign_message_length\":10,\"truncated_sign_message\":\"TRUNC-MARKER\"}}}")));
        RawAnswer forged = answer(FORGER, ID, Instant.now(), 200, utf8("{\"x\":\"" + distinctive + "\"}"), h -> { });
        script.answer(forged);
        script.answer(new RawAnswer(500, Map.of(), utf8("<html>" + distinctive + "</html>")));
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
}
