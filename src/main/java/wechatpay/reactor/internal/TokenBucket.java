package wechatpay.reactor.internal;

import java.util.function.LongSupplier;

/**
 * The arithmetic of a rate limit (GCRA): when the next call may start, given the calls already started. Up to
 * {@code burst} calls may start at once after an idle spell. Adaptive: {@link #throttled()} halves the rate, at
 * most once per {@code window} however many 429s arrive together (they answer calls sent at the old rate), never
 * below 1/s (or the target, if lower); the rate then recovers linearly, by a twentieth of the target each second,
 * back to the target. Pure: the clock is passed in; {@link RateLimit} does the waiting.
 */
public final class TokenBucket {
    private static final long SECOND = 1_000_000_000L;

    private final double target;
    private final int burst;
    private final long window;
    private final LongSupplier nanoTime;
    private double rate;
    private long tat;
    private long lastAdjust;
    private long halvedAt;
    private boolean halved;

    public TokenBucket(double requestsPerSecond, int burst, long windowNanos, LongSupplier nanoTime) {
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("requestsPerSecond: expected a positive number, found " + requestsPerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst: expected >= 1, found " + burst);
        }
        this.target = requestsPerSecond;
        this.burst = burst;
        this.window = windowNanos;
        this.nanoTime = nanoTime;
        this.rate = requestsPerSecond;
        this.tat = nanoTime.getAsLong();
        this.lastAdjust = tat;
    }

    /** A tenth of a second's calls may burst; halving at most once a second. */
    public TokenBucket(double requestsPerSecond, LongSupplier nanoTime) {
        this(requestsPerSecond, defaultBurst(requestsPerSecond), SECOND, nanoTime);
    }

    static int defaultBurst(double requestsPerSecond) {
        return Math.max(1, (int) Math.min(requestsPerSecond / 10, 1000));
    }

    /** Takes a start slot if one is free now. */
    public synchronized boolean tryTake() {
        long now = nanoTime.getAsLong();
        recover(now);
        long interval = interval();
        if (tat - (burst - 1) * interval > now) {
            return false;
        }
        tat = Math.max(tat, now) + interval;
        return true;
    }

    /** Nanoseconds until {@link #tryTake()} can succeed (0 = now), at the current rate. */
    public synchronized long waitNanos() {
        long now = nanoTime.getAsLong();
        recover(now);
        return Math.max(0, tat - (burst - 1) * interval() - now);
    }

    /** WeChat Pay answered 429: halves the rate unless it was halved less than a window ago. True if it did. */
    public synchronized boolean throttled() {
        long now = nanoTime.getAsLong();
        if (halved && now - halvedAt < window) {
            return false;
        }
        recover(now);
        rate = Math.max(Math.min(1, target), rate / 2);
        halved = true;
        halvedAt = now;
        lastAdjust = now;
        return true;
    }

    public synchronized double rate() {
        recover(nanoTime.getAsLong());
        return rate;
    }

    private long interval() {
        return (long) (SECOND / rate);
    }

    private void recover(long now) {
        if (rate < target && now > lastAdjust) {
            rate = Math.min(target, rate + target / 20 * (now - lastAdjust) / (double) SECOND);
        }
        lastAdjust = Math.max(lastAdjust, now);
    }
}
