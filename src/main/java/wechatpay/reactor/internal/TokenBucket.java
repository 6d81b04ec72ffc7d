package wechatpay.reactor.internal;

import java.util.function.LongSupplier;

/**
 * A rate limiter as a schedule of start times (GCRA): each {@link #reserve()} takes the next free slot and says
 * how long to wait for it, so callers wait without blocking a thread. Up to {@code burst} calls may start at once
 * after an idle spell. Adaptive: {@link #throttled()} halves the rate (not below 1/s); it then recovers linearly,
 * by a twentieth of the target each second without another throttle, back to the target.
 */
public final class TokenBucket {
    private static final long SECOND = 1_000_000_000L;

    private final double target;
    private final int burst;
    private final LongSupplier nanoTime;
    private double rate;
    private long tat;
    private long lastAdjust;

    public TokenBucket(double requestsPerSecond, int burst, LongSupplier nanoTime) {
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("requestsPerSecond: expected a positive number, found " + requestsPerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst: expected >= 1, found " + burst);
        }
        this.target = requestsPerSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.rate = requestsPerSecond;
        this.tat = nanoTime.getAsLong();
        this.lastAdjust = tat;
    }

    public TokenBucket(double requestsPerSecond) {
        this(requestsPerSecond, Math.max(1, (int) Math.min(requestsPerSecond / 10, 1000)), System::nanoTime);
    }

    /** Reserves the next slot: the nanoseconds to wait before starting (0 = start now). */
    public synchronized long reserve() {
        long now = nanoTime.getAsLong();
        recover(now);
        long interval = (long) (SECOND / rate);
        long tolerance = (burst - 1) * interval;
        long start = Math.max(tat, now - tolerance);
        tat = start + interval;
        return Math.max(0, start - now);
    }

    /** WeChat Pay answered 429: halve the rate. */
    public synchronized void throttled() {
        long now = nanoTime.getAsLong();
        rate = Math.max(Math.min(1, target), rate / 2);
        lastAdjust = now;
    }

    public synchronized double rate() {
        recover(nanoTime.getAsLong());
        return rate;
    }

    public double target() {
        return target;
    }

    private void recover(long now) {
        if (rate < target && now > lastAdjust) {
            rate = Math.min(target, rate + target / 20 * (now - lastAdjust) / (double) SECOND);
        }
        lastAdjust = now;
    }
}
