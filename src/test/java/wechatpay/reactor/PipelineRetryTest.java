package wechatpay.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.Exceptions;
import reactor.test.StepVerifier;
import wechatpay.reactor.internal.TransportError;

/** Pipeline: which answers and failures are retried, how often, and what the caller gets when retries run out. */
class PipelineRetryTest extends PipelineFixtures {
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
        assertThat(script.requests).extracting(PipelineFixtures::nonce).doesNotHaveDuplicates();
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

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in " + TIMEOUT);
            }
            Thread.onSpinWait();
        }
    }
}
