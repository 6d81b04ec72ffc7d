package wechatpay.reactor;

import org.jspecify.annotations.Nullable;
import wechatpay.reactor.internal.InFlightLimit;

/**
 * A client's limits, shared by its single calls and all its streams: calls in flight, and (when set) when calls
 * may start: the {@link RateLimiter} given to the builder, or {@link RateLimiter#adaptive} at
 * {@code requestsPerSecond}. Clients derived with {@code mutate()} share them while they keep the same settings.
 */
final class Limits {
    final InFlightLimit inFlight;
    /** Null when the client sets no rate. */
    final @Nullable RateLimiter rate;
    /** What the rate was made from: the caller's own limiter (then reused as it is), else requestsPerSecond. */
    private final @Nullable RateLimiter own;
    private final double requestsPerSecond;

    Limits(ClientSettings s) {
        this(new InFlightLimit(s.maxInFlight()), rate(s), s);
    }

    private Limits(InFlightLimit inFlight, @Nullable RateLimiter rate, ClientSettings s) {
        this.inFlight = inFlight;
        this.rate = rate;
        this.own = s.rateLimiter();
        this.requestsPerSecond = s.requestsPerSecond();
    }

    private static @Nullable RateLimiter rate(ClientSettings s) {
        return s.rateLimiter() != null ? s.rateLimiter()
                : s.requestsPerSecond() > 0 ? RateLimiter.adaptive(s.requestsPerSecond()) : null;
    }

    /**
     * For a derived client: the in-flight limit is shared exactly when the connection pool is (the same
     * {@code maxInFlight}), so calls never wait in the pool; the adaptive rate when it has the same number; a
     * limiter of the caller's own is the same object either way.
     */
    Limits reuseIf(ClientSettings s) {
        boolean sameAdaptive = own == null && s.rateLimiter() == null && s.requestsPerSecond() == requestsPerSecond;
        return new Limits(inFlight.max() == s.maxInFlight() ? inFlight : new InFlightLimit(s.maxInFlight()),
                sameAdaptive ? rate : rate(s), s);
    }
}
