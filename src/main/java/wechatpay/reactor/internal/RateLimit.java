package wechatpay.reactor.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import wechatpay.reactor.RateLimiter;

/**
 * Calls wait here, without a thread, for a start slot of a {@link TokenBucket}. Waiters queue in order and one
 * timer wakes the head when its slot is due at the rate of that moment, so waits taken while the rate had
 * collapsed shrink as it recovers instead of being reserved far ahead. Thread-safe; one per client (and one per
 * stream that lowers the client's rate). What {@link RateLimiter#adaptive} gives.
 */
public final class RateLimit implements RateLimiter {
    private final TokenBucket bucket;
    private final Scheduler timer;
    private final ArrayDeque<MonoSink<Void>> waiting = new ArrayDeque<>();
    private boolean wakeScheduled;

    public RateLimit(TokenBucket bucket, Scheduler timer) {
        this.bucket = bucket;
        this.timer = timer;
    }

    public RateLimit(double requestsPerSecond, Scheduler timer) {
        this(new TokenBucket(requestsPerSecond, nanoTime(timer)), timer);
    }

    private static LongSupplier nanoTime(Scheduler timer) {
        return () -> timer.now(TimeUnit.NANOSECONDS);
    }

    /** Completes when the call may start; cancelling leaves the queue. */
    @Override
    public Mono<Void> acquire() {
        return Mono.create(sink -> {
            sink.onCancel(() -> leave(sink));
            boolean now;
            synchronized (this) {
                now = waiting.isEmpty() && bucket.tryTake();
                if (!now) {
                    waiting.add(sink);
                    scheduleWake();
                }
            }
            if (now) {
                sink.success();
            }
        });
    }

    /** WeChat Pay answered 429 (see {@link TokenBucket#throttled()}). */
    @Override
    public void throttled() {
        bucket.throttled();
    }

    public double rate() {
        return bucket.rate();
    }

    /** Calls waiting for a slot now. */
    public synchronized int waiting() {
        return waiting.size();
    }

    private synchronized void leave(MonoSink<Void> sink) {
        waiting.remove(sink);
    }

    private void scheduleWake() {
        if (!wakeScheduled) {
            wakeScheduled = true;
            timer.schedule(this::wake, Math.max(bucket.waitNanos(), 1), TimeUnit.NANOSECONDS);
        }
    }

    private void wake() {
        List<MonoSink<Void>> due = new ArrayList<>();
        synchronized (this) {
            wakeScheduled = false;
            while (!waiting.isEmpty() && bucket.tryTake()) {
                due.add(waiting.poll());
            }
            if (!waiting.isEmpty()) {
                scheduleWake();
            }
        }
        due.forEach(MonoSink::success);
    }
}
