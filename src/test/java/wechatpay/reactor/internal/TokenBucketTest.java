package wechatpay.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The rate arithmetic on a hand-driven clock: slots, bursts, halving on 429 once per window, gradual recovery. */
class TokenBucketTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;
    private final AtomicLong now = new AtomicLong(1_000 * SECOND);

    private TokenBucket bucket(double rps, int burst) {
        return new TokenBucket(rps, burst, SECOND, now::get);
    }

    @Test
    void slotsAreSpacedOneIntervalApart() {
        TokenBucket bucket = bucket(10, 1);
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
        assertThat(bucket.waitNanos()).isEqualTo(100 * MS);
        now.addAndGet(60 * MS);
        assertThat(bucket.waitNanos()).isEqualTo(40 * MS);
        now.addAndGet(40 * MS);
        assertThat(bucket.tryTake()).isTrue();
    }

    @Test
    void anIdleBucketLetsABurstThroughAndNoMore() {
        TokenBucket bucket = bucket(100, 5);
        now.addAndGet(10 * SECOND);
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.tryTake()).isTrue();
        }
        assertThat(bucket.tryTake()).isFalse();
        assertThat(bucket.waitNanos()).isPositive();
    }

    @Test
    void overAnyLongSpanTheRateIsKept() {
        TokenBucket bucket = bucket(200, 20);
        long start = now.get();
        int taken = 0;
        while (taken < 2_000) {
            if (bucket.tryTake()) {
                taken++;
            } else {
                now.addAndGet(bucket.waitNanos());
            }
        }
        double seconds = (now.get() - start) / 1e9;
        assertThat(2_000 / seconds).isBetween(200 * 0.98, 200 * 1.02);
    }

    @Test
    void sixtyFour429sAtOnceHalveTheRateOnceNotSixtyFourTimes() {
        TokenBucket bucket = bucket(200, 1);
        int halvings = 0;
        for (int i = 0; i < 64; i++) {
            halvings += bucket.throttled() ? 1 : 0;
            now.addAndGet(MS);
        }
        assertThat(halvings).isEqualTo(1);
        assertThat(bucket.rate()).isBetween(100.0, 101.0);
    }

    @Test
    void throttlesAWindowApartHalveAgainThenTheRateRecoversGradually() {
        TokenBucket bucket = bucket(100, 1);
        assertThat(bucket.throttled()).isTrue();
        assertThat(bucket.rate()).isEqualTo(50.0);
        now.addAndGet(SECOND);
        assertThat(bucket.rate()).isEqualTo(55.0);
        assertThat(bucket.throttled()).isTrue();
        assertThat(bucket.rate()).isEqualTo(27.5);
        now.addAndGet(SECOND);
        assertThat(bucket.rate()).isEqualTo(32.5);
        now.addAndGet(60 * SECOND);
        assertThat(bucket.rate()).isEqualTo(100.0);
    }

    @Test
    void theRateNeverFallsBelowOnePerSecond() {
        TokenBucket bucket = bucket(4, 1);
        for (int i = 0; i < 10; i++) {
            bucket.throttled();
            now.addAndGet(SECOND);
            bucket.throttled();
        }
        assertThat(bucket.rate()).isLessThan(1.3).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> bucket(0, 1)).hasMessageContaining("requestsPerSecond");
        assertThatThrownBy(() -> bucket(10, 0)).hasMessageContaining("burst");
    }
}
