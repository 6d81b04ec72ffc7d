package wechatpay.reactor.creditrepayment;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Live counters of a stream of creates (schedule records, deduct orders), for progress displays and metrics:
 * outcomes by kind ({@code created} counts {@code Scheduled} and {@code Deducted}), calls, retries,
 * reconciliations and throttled answers. Thread-safe; pass one in {@link StreamOptions#withStats} and read
 * {@link #snapshot()} whenever you like.
 */
public final class StreamStats {
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong reconciled = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong stoppedItems = new AtomicLong();
    private volatile @Nullable String stoppedBecause;
    private volatile long startNanos = System.nanoTime();
    private volatile long endNanos;

    /**
     * A point-in-time copy; {@code callsPerSecond} over the time since the stream started. {@code stopped} counts
     * the failed items that were not sent because the stream stopped calling, and {@code stoppedBecause} says why
     * (null while it calls on).
     */
    public record Summary(long created, long rejected, long failed, long reconciled, long calls, long retries,
            long throttled, long stopped, @Nullable String stoppedBecause, Duration elapsed) {
        public long outcomes() {
            return created + rejected + failed;
        }

        public double callsPerSecond() {
            double seconds = elapsed.toNanos() / 1e9;
            return seconds <= 0 ? 0 : calls / seconds;
        }

        public double outcomesPerSecond() {
            double seconds = elapsed.toNanos() / 1e9;
            return seconds <= 0 ? 0 : outcomes() / seconds;
        }
    }

    public Summary snapshot() {
        long end = endNanos == 0 ? System.nanoTime() : endNanos;
        return new Summary(created.get(), rejected.get(), failed.get(), reconciled.get(), calls.get(), retries.get(),
                throttled.get(), stoppedItems.get(), stoppedBecause, Duration.ofNanos(end - startNanos));
    }

    void started() {
        startNanos = System.nanoTime();
        endNanos = 0;
    }

    void ended() {
        endNanos = System.nanoTime();
    }

    void call() {
        calls.incrementAndGet();
        inFlight.incrementAndGet();
    }

    void callEnded() {
        inFlight.decrementAndGet();
    }

    /** The stream's calls in the air now. */
    public int inFlight() {
        return inFlight.get();
    }

    void retry() {
        retries.incrementAndGet();
    }

    void throttle() {
        throttled.incrementAndGet();
    }

    /** The stream stopped calling; the first reason is kept. */
    void stopped(String why) {
        if (stoppedBecause == null) {
            stoppedBecause = why;
        }
    }

    void result(CreateOrReconcile.Result<?> result) {
        if (result instanceof CreateOrReconcile.Created<?> c) {
            created.incrementAndGet();
            if (c.reconciled()) {
                reconciled.incrementAndGet();
            }
        } else if (result instanceof CreateOrReconcile.Refused<?>) {
            rejected.incrementAndGet();
        } else {
            failed.incrementAndGet();
            if (OutcomeCodes.STOPPED.equals(((CreateOrReconcile.GaveUp<?>) result).code())) {
                stoppedItems.incrementAndGet();
            }
        }
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
