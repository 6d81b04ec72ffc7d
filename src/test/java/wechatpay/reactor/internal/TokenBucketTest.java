package wechatpay.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The rate limiter on a hand-driven clock: slots, bursts, halving on 429 and gradual recovery. */
class TokenBucketTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void slotsAreSpacedOneIntervalApart() {
        TokenBucket bucket = new TokenBucket(10, 1, now::get);
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isEqualTo(100 * MS);
        assertThat(bucket.reserve()).isEqualTo(200 * MS);
        now.addAndGet(250 * MS);
        assertThat(bucket.reserve()).isEqualTo(50 * MS);
    }

    @Test
    void anIdleBucketLetsABurstThroughAndNoMore() {
        TokenBucket bucket = new TokenBucket(100, 5, now::get);
        now.addAndGet(10_000 * MS);
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.reserve()).isZero();
        }
        assertThat(bucket.reserve()).isPositive();
    }

    @Test
    void overAnyLongSpanTheRateIsKept() {
        TokenBucket bucket = new TokenBucket(200, 20, now::get);
        long start = now.get();
        long lastStart = 0;
        for (int i = 0; i < 2_000; i++) {
            lastStart = now.get() + bucket.reserve();
        }
        double seconds = (lastStart - start) / 1e9;
        assertThat(2_000 / seconds).isBetween(200 * 0.98, 200 * 1.02);
    }

    @Test
    void a429HalvesTheRateWhichThenRecoversGradually() {
        TokenBucket bucket = new TokenBucket(100, 1, now::get);
        bucket.throttled();
        assertThat(bucket.rate()).isEqualTo(50.0);
        bucket.throttled();
        assertThat(bucket.rate()).isEqualTo(25.0);
        now.addAndGet(1_000 * MS);
        assertThat(bucket.rate()).isEqualTo(30.0);
        now.addAndGet(60_000 * MS);
        assertThat(bucket.rate()).isEqualTo(100.0);
    }

    @Test
    void theRateNeverFallsBelowOnePerSecond() {
        TokenBucket bucket = new TokenBucket(4, 1, now::get);
        for (int i = 0; i < 10; i++) {
            bucket.throttled();
        }
        assertThat(bucket.rate()).isEqualTo(1.0);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, now::get)).hasMessageContaining("requestsPerSecond");
        assertThatThrownBy(() -> new TokenBucket(10, 0, now::get)).hasMessageContaining("burst");
    }
}
