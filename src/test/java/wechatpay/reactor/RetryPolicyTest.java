package wechatpay.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** When to send again and how long to wait: pure functions of the attempt number and the failure. */
class RetryPolicyTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final RetryPolicy EXACT = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofMillis(700), 0);

    private static WechatPayServiceException service(int status) {
        return new WechatPayServiceException("GET /v3/x", "REQ", status, "CODE", "", null, -1, status + " CODE");
    }

    private static WechatPayTransportException transport(WechatPayTransportException.Kind kind) {
        return new WechatPayTransportException("GET /v3/x", kind, kind.name(), null);
    }

    @Test
    void withoutJitterTheDelayDoublesFromBackoffUpToMaxBackoff() {
        WechatPayException failure = service(500);
        assertThat(EXACT.delay(0, failure)).isEqualTo(Duration.ofMillis(100));
        assertThat(EXACT.delay(1, failure)).isEqualTo(Duration.ofMillis(200));
        assertThat(EXACT.delay(2, failure)).isEqualTo(Duration.ofMillis(400));
        assertThat(EXACT.delay(3, failure)).isEqualTo(Duration.ofMillis(800));
        assertThat(EXACT.delay(4, failure)).isEqualTo(Duration.ofSeconds(1));
        assertThat(EXACT.delay(30, failure)).isEqualTo(Duration.ofSeconds(1));
        assertThat(EXACT.delay(Long.MAX_VALUE, failure)).isEqualTo(Duration.ofSeconds(1));
        assertThat(EXACT.delay(0, transport(WechatPayTransportException.Kind.RESET))).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void afterA429TheDelayStartsFromThrottleBackoff() {
        WechatPayException throttled = service(429);
        assertThat(EXACT.delay(0, throttled)).isEqualTo(Duration.ofMillis(700));
        assertThat(EXACT.delay(1, throttled)).isEqualTo(Duration.ofSeconds(1));
        assertThat(EXACT.delay(0, service(503))).isEqualTo(Duration.ofMillis(100));
        assertThat(EXACT.delay(0, service(202))).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void jitterOnlyShortensTheDelayByUpToItsShare() {
        RetryPolicy half = EXACT.withJitter(0.5);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 2_000; i++) {
            long nanos = half.delay(2, service(500)).toNanos();
            assertThat(nanos).isBetween(Duration.ofMillis(200).toNanos(), Duration.ofMillis(400).toNanos());
            min = Math.min(min, nanos);
            max = Math.max(max, nanos);
        }
        assertThat(min).as("jitter spreads the delays").isLessThan(Duration.ofMillis(240).toNanos());
        assertThat(max).isGreaterThan(Duration.ofMillis(360).toNanos());
        for (int i = 0; i < 200; i++) {
            assertThat(EXACT.withJitter(1).delay(0, service(500))).isBetween(Duration.ZERO, Duration.ofMillis(100));
        }
    }

    @Test
    void aHugeMaxBackoffMeansNoCapRatherThanACrashOrAShortWait() {
        RetryPolicy uncapped = EXACT.withBackoff(Duration.ofSeconds(1), ChronoUnit.FOREVER.getDuration());
        assertThat(uncapped.delay(5, service(500))).isEqualTo(Duration.ofSeconds(32));
    }

    @Test
    void delaysNeverShrinkAsRetriesGoOnAndNeverExceedMaxBackoff() {
        RetryPolicy longWaits = new RetryPolicy(30, Duration.ofHours(5), Duration.ofDays(36_500), Duration.ofHours(5), 0);
        Duration previous = Duration.ZERO;
        for (long retry = 0; retry < 30; retry++) {
            Duration d = longWaits.delay(retry, service(500));
            assertThat(d).as("retry %d", retry).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(Duration.ofDays(36_500));
            previous = d;
        }
    }

    @Test
    void onlyRetryableFailuresAreRetriedAndOnlyBelowMaxAttempts() {
        RetryPolicy three = EXACT.withMaxAttempts(3);
        for (WechatPayException retryable : new WechatPayException[] {service(202), service(429), service(500),
                service(502), service(503), transport(WechatPayTransportException.Kind.CONNECT),
                transport(WechatPayTransportException.Kind.RESET), transport(WechatPayTransportException.Kind.TIMEOUT),
                transport(WechatPayTransportException.Kind.POOL), transport(WechatPayTransportException.Kind.OTHER)}) {
            assertThat(three.shouldRetry(1, retryable)).as("%s", retryable).isTrue();
            assertThat(three.shouldRetry(2, retryable)).as("%s", retryable).isTrue();
            assertThat(three.shouldRetry(3, retryable)).as("%s", retryable).isFalse();
            assertThat(RetryPolicy.none().shouldRetry(1, retryable)).isFalse();
        }
        for (Throwable final_ : new Throwable[] {service(400), service(401), service(403), service(404),
                transport(WechatPayTransportException.Kind.RESPONSE_TOO_LARGE),
                new WechatPayVerificationException("GET /v3/x", "REQ", 200,
                        WechatPayVerificationException.Reason.BAD_SIGNATURE, "forged"),
                new ValidationException("out_record_id", "required"), new IllegalStateException("bug"), null}) {
            assertThat(three.shouldRetry(1, final_)).as("%s", final_).isFalse();
        }
    }

    @Test
    void theReactorSpecRetriesUpToMaxAttemptsAndGivesUpWithTheLastFailureItself() {
        RetryPolicy fast = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(1), 0.5);
        AtomicInteger attempts = new AtomicInteger();
        WechatPayException[] thrown = new WechatPayException[4];
        Mono<String> failing = Mono.defer(() -> {
            int n = attempts.getAndIncrement();
            thrown[n] = service(500 + n);
            return Mono.<String>error(thrown[n]);
        }).retryWhen(fast.toRetry());
        StepVerifier.create(failing)
                .expectErrorSatisfies(e -> {
                    assertThat(Exceptions.isRetryExhausted(e)).isFalse();
                    assertThat(e).isSameAs(thrown[3]);
                })
                .verify(TIMEOUT);
        assertThat(attempts).hasValue(4);
    }

    @Test
    void theReactorSpecDoesNotRetryAFinalFailure() {
        AtomicInteger attempts = new AtomicInteger();
        WechatPayException refused = service(400);
        StepVerifier.create(Mono.defer(() -> {
                    attempts.incrementAndGet();
                    return Mono.error(refused);
                }).retryWhen(EXACT.toRetry()))
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(refused))
                .verify(TIMEOUT);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void theConstructorNamesTheBadComponent() {
        Duration s = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new RetryPolicy(0, s, s, s, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAttempts: expected >= 1 (1 = no retry), found 0");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofMillis(-1), s, s, 0)).hasMessageStartingWith("backoff: ");
        assertThatThrownBy(() -> new RetryPolicy(1, null, s, s, 0)).hasMessageStartingWith("backoff: ");
        assertThatThrownBy(() -> new RetryPolicy(1, s, null, s, 0)).hasMessageStartingWith("maxBackoff: ");
        assertThatThrownBy(() -> new RetryPolicy(1, s, s, Duration.ofSeconds(-5), 0))
                .hasMessageStartingWith("throttleBackoff: ");
        assertThatThrownBy(() -> new RetryPolicy(1, s, s, s, -0.1)).hasMessageStartingWith("jitter: ");
        assertThatThrownBy(() -> new RetryPolicy(1, s, s, s, 1.01)).hasMessageStartingWith("jitter: ");
        assertThatThrownBy(() -> new RetryPolicy(1, s, s, s, Double.NaN)).hasMessageStartingWith("jitter: ");
        assertThatThrownBy(() -> RetryPolicy.defaults().withMaxAttempts(-1)).hasMessageStartingWith("maxAttempts: ");
    }

    @Test
    void defaultsAndNone() {
        assertThat(RetryPolicy.defaults()).isEqualTo(new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5),
                Duration.ofSeconds(1), 0.5));
        assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
        assertThat(RetryPolicy.defaults().withBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).withThrottleBackoff(
                Duration.ofMillis(2)).withJitter(0)).isEqualTo(new RetryPolicy(3, Duration.ofMillis(1),
                Duration.ofMillis(5), Duration.ofMillis(2), 0));
    }
}
