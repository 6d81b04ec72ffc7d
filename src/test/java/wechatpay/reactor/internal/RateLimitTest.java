package wechatpay.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Waiting for slots on virtual time: order, no thread, cancellation, and no wait stranded at a collapsed rate. */
class RateLimitTest {
    private static final long SECOND = 1_000_000_000L;
    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final List<Disposable> subscriptions = new ArrayList<>();

    @AfterEach
    void stop() {
        subscriptions.forEach(Disposable::dispose);
        time.dispose();
    }

    private RateLimit limit(double rps) {
        return new RateLimit(new TokenBucket(rps, 1, SECOND, () -> time.now(TimeUnit.NANOSECONDS)), time);
    }

    /** Starts {@code n} waiters; each records the virtual time at which it was let through. */
    private List<Long> waiters(RateLimit limit, int n) {
        List<Long> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            subscriptions.add(limit.acquire().subscribe(null, null,
                    () -> started.add(time.now(TimeUnit.MILLISECONDS))));
        }
        return started;
    }

    @Test
    void waitersGoThroughInOrderOneIntervalApart() {
        RateLimit limit = limit(10);
        long t0 = time.now(TimeUnit.MILLISECONDS);
        List<Long> started = waiters(limit, 5);
        assertThat(started).containsExactly(t0);
        assertThat(limit.waiting()).isEqualTo(4);
        time.advanceTimeBy(Duration.ofMillis(400));
        assertThat(started).containsExactly(t0, t0 + 100, t0 + 200, t0 + 300, t0 + 400);
        assertThat(limit.waiting()).isZero();
    }

    @Test
    void aCancelledWaiterLeavesTheQueueAndTakesNoSlot() {
        RateLimit limit = limit(10);
        List<Long> started = waiters(limit, 3);
        subscriptions.get(1).dispose();
        assertThat(limit.waiting()).isEqualTo(1);
        time.advanceTimeBy(Duration.ofMillis(100));
        assertThat(started).hasSize(2);
    }

    @Test
    void waitsQueuedAtACollapsedRateShrinkAsItRecovers() {
        RateLimit limit = limit(20);
        for (int i = 0; i < 6; i++) {
            limit.throttled();
            time.advanceTimeBy(Duration.ofSeconds(1));
        }
        limit.throttled();
        double collapsed = limit.rate();
        assertThat(collapsed).isLessThan(2.0);
        List<Long> started = waiters(limit, 40);
        time.advanceTimeBy(Duration.ofSeconds(12));
        // Reserved ahead at the collapsed rate, the 40th would start after 40 / rate > 20 s. Woken one at a
        // time at the rate of the moment (recovering by 1/s each second), all have started within 12 s.
        assertThat(40 / collapsed).isGreaterThan(20);
        assertThat(started).hasSize(40);
        assertThat(limit.waiting()).isZero();
    }
}
