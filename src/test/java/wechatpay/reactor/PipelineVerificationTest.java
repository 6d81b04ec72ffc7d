package wechatpay.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.test.StepVerifier;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.RawAnswer;

/** Pipeline: answers that fail WeChat Pay signature verification, each with its reason, and are never retried. */
class PipelineVerificationTest extends PipelineFixtures {
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
        RawAnswer genuine = signed(200, "{\"repayment_amount\":\"100\"}");
        script.answer(new RawAnswer(200, genuine.headers(), utf8("{\"repayment_amount\":\"900\"}")));
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
        script.answer(new RawAnswer(200, Map.of("Request-ID", "R"), utf8("{\"out_record_id\":\"A1\"}")));
        expectVerificationFailure(client, WechatPayVerificationException.Reason.MISSING_HEADER);
        script.answer(new RawAnswer(204, Map.of(), new byte[0]));
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
}
