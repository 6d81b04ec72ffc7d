package wechatpay.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * The client's {@link RateLimiter}, over a scripted transport: asked once per request sent (retries included)
 * before anything is signed, told of each 429, shared by derived clients, and its failure is a call not sent.
 */
class RateLimiterSpiTest extends PipelineFixtures {
    private static final String PATH = "v3/credit-repayment/partner/schedule-records/batch-create";

    /** Lets calls start only when the test says so; counts what it was asked and told. */
    static final class Gate implements RateLimiter {
        final AtomicInteger acquired = new AtomicInteger();
        final AtomicInteger throttled = new AtomicInteger();
        final List<Sinks.Empty<Void>> waiting = new ArrayList<>();
        volatile boolean open = true;

        @Override
        public Mono<Void> acquire() {
            acquired.incrementAndGet();
            if (open) {
                return Mono.empty();
            }
            Sinks.Empty<Void> slot = Sinks.empty();
            synchronized (waiting) {
                waiting.add(slot);
            }
            return slot.asMono();
        }

        @Override
        public void throttled() {
            throttled.incrementAndGet();
        }

        void release() {
            synchronized (waiting) {
                waiting.forEach(Sinks.Empty::tryEmitEmpty);
                waiting.clear();
            }
        }
    }

    @Test
    void everyAttemptAsksTheLimiterFirstAndEach429IsReported() {
        Gate gate = new Gate();
        WechatPayClient client = client(b -> b.retryPolicy(FAST).rateLimiter(gate));
        script.answer(error(429, "FREQUENCY_LIMITED", "slow down")).answer(error(429, "FREQUENCY_LIMITED", "again"))
                .answer(signed(200, "{}"));

        StepVerifier.create(client.chain(PATH).post(Map.of("a", "b"))).expectNextCount(1).expectComplete()
                .verify(TIMEOUT);
        assertThat(gate.acquired).hasValue(3);
        assertThat(gate.throttled).hasValue(2);
    }

    @Test
    void nothingIsSignedOrSentWhileTheLimiterHoldsTheCall() {
        Gate gate = new Gate();
        gate.open = false;
        WechatPayClient client = client(b -> b.retryPolicy(RetryPolicy.none()).rateLimiter(gate));
        script.answer(signed(200, "{}"));

        StepVerifier.create(client.chain(PATH).post(Map.of("a", "b")))
                .expectSubscription()
                .then(() -> {
                    assertThat(gate.acquired).hasValue(1);
                    assertThat(signer.subscriptions).hasValue(0);
                    assertThat(script.requests).isEmpty();
                    gate.release();
                })
                .expectNextCount(1).expectComplete().verify(TIMEOUT);
        assertThat(script.requests).hasSize(1);
    }

    @Test
    void aFailingLimiterFailsTheCallUnsentAndRetryable() {
        WechatPayClient client = client(b -> b.retryPolicy(RetryPolicy.none())
                .rateLimiter(new RateLimiter() {
                    @Override
                    public Mono<Void> acquire() {
                        return Mono.error(new IllegalStateException("budget store unreachable"));
                    }

                    @Override
                    public void throttled() {
                    }
                }));

        StepVerifier.create(client.chain(PATH).post(Map.of("a", "b")))
                .expectErrorSatisfies(e -> {
                    WechatPayTransportException t = (WechatPayTransportException) e;
                    assertThat(t.kind()).isEqualTo(WechatPayTransportException.Kind.RATE_LIMITER);
                    assertThat(t.mayHaveActed()).isFalse();
                    assertThat(t.isRetryable()).isTrue();
                    assertThat(t.getMessage()).contains("budget store unreachable", "not sent");
                })
                .verify(TIMEOUT);
        assertThat(script.requests).isEmpty();
    }

    @Test
    void aDerivedClientSharesTheLimiterUnlessItSetsAnotherRate() {
        Gate gate = new Gate();
        WechatPayClient client = client(b -> b.retryPolicy(FAST).rateLimiter(gate));
        WechatPayClient same = client.mutate().maxInFlight(8).build();
        WechatPayClient adaptive = client.mutate().rateLimiter(null).requestsPerSecond(1000).build();
        clients.add(same);
        clients.add(adaptive);
        script.answer(signed(200, "{}")).answer(signed(200, "{}"));

        same.chain(PATH).post(Map.of("a", "b")).block(TIMEOUT);
        adaptive.chain(PATH).post(Map.of("a", "b")).block(TIMEOUT);
        assertThat(gate.acquired).hasValue(1);
        assertThat(same.toString()).contains("rateLimiter=");
        assertThat(adaptive.requestsPerSecond()).isEqualTo(1000);
    }
}
