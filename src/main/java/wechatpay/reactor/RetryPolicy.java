package wechatpay.reactor;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * When and how long to wait before sending a request again. Only retryable failures are retried (202, 429,
 * 5xx and transport failures; see {@link WechatPayException#isRetryable()}); every attempt is signed anew.
 * The wait doubles from {@code backoff} up to {@code maxBackoff}, starting from {@code throttleBackoff} after
 * a 429, and is shortened by up to {@code jitter} (0..1) at random so that clients do not retry in step.
 *
 * <pre>{@code
 * RetryPolicy.defaults().withMaxAttempts(5);       // 1 try + 4 retries
 * RetryPolicy.none();                               // never retry
 * }</pre>
 */
public record RetryPolicy(int maxAttempts, Duration backoff, Duration maxBackoff, Duration throttleBackoff,
        double jitter) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: expected >= 1 (1 = no retry), found " + maxAttempts);
        }
        positive("backoff", backoff);
        positive("maxBackoff", maxBackoff);
        positive("throttleBackoff", throttleBackoff);
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter: expected a share in [0, 1], found " + jitter);
        }
    }

    /** 3 attempts, 200 ms doubling up to 5 s, 1 s after a 429, 50% jitter. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(1), 0.5);
    }

    public static RetryPolicy none() {
        return defaults().withMaxAttempts(1);
    }

    public RetryPolicy withMaxAttempts(int n) {
        return new RetryPolicy(n, backoff, maxBackoff, throttleBackoff, jitter);
    }

    public RetryPolicy withBackoff(Duration first, Duration max) {
        return new RetryPolicy(maxAttempts, first, max, throttleBackoff, jitter);
    }

    public RetryPolicy withThrottleBackoff(Duration first) {
        return new RetryPolicy(maxAttempts, backoff, maxBackoff, first, jitter);
    }

    public RetryPolicy withJitter(double share) {
        return new RetryPolicy(maxAttempts, backoff, maxBackoff, throttleBackoff, share);
    }

    /** The wait before retry number {@code retry} (0 = the first retry) after {@code failure}. */
    Duration delay(long retry, Throwable failure) {
        Duration first = failure instanceof WechatPayServiceException s && s.isThrottling() ? throttleBackoff : backoff;
        long cap = nanos(maxBackoff);
        long base = Math.min(nanos(first), cap);
        int shift = (int) Math.min(Math.max(retry, 0), 62);
        long nanos = base > (cap >> shift) ? cap : base << shift;
        double cut = jitter * ThreadLocalRandom.current().nextDouble();
        return Duration.ofNanos((long) (nanos * (1 - cut)));
    }

    /** Whether a failure after {@code attempts} attempts should be retried. */
    boolean shouldRetry(long attempts, Throwable failure) {
        return attempts < maxAttempts && failure instanceof WechatPayException e && e.isRetryable();
    }

    /** The Reactor retry spec: gives up with the last failure itself, never a wrapper. */
    Retry toRetry() {
        return toRetry((failure, delay) -> { });
    }

    /** {@link #toRetry()}, telling {@code beforeRetry} each failure that is retried and the wait before it. */
    Retry toRetry(BiConsumer<Throwable, Duration> beforeRetry) {
        return Retry.from(signals -> signals.concatMap(signal -> {
            Throwable failure = signal.failure();
            long attempts = signal.totalRetries() + 1;
            if (!shouldRetry(attempts, failure)) {
                return Mono.error(failure);
            }
            Duration delay = delay(signal.totalRetries(), failure);
            beforeRetry.accept(failure, delay);
            return Mono.delay(delay, Schedulers.parallel());
        }));
    }

    /** Nanoseconds, saturated at {@code Long.MAX_VALUE} (about 292 years) instead of overflowing. */
    private static long nanos(Duration d) {
        return d.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : d.toNanos();
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + ": expected a duration >= 0, found " + d);
        }
    }
}
