package wechatpay.reactor;

import reactor.core.scheduler.Schedulers;
import wechatpay.reactor.internal.InFlightLimit;
import wechatpay.reactor.internal.RateLimit;

/**
 * A client's limits, shared by its single calls and all its streams: calls in flight, and (when set) calls
 * started per second, adaptive to 429s. Clients derived with {@code mutate()} share them while they keep the
 * same numbers.
 */
final class Limits {
    final InFlightLimit inFlight;
    /** Null when the client sets no rate. */
    final RateLimit rate;
    private final double requestsPerSecond;

    Limits(int maxInFlight, double requestsPerSecond) {
        this(new InFlightLimit(maxInFlight), rate(requestsPerSecond), requestsPerSecond);
    }

    private Limits(InFlightLimit inFlight, RateLimit rate, double requestsPerSecond) {
        this.inFlight = inFlight;
        this.rate = rate;
        this.requestsPerSecond = requestsPerSecond;
    }

    private static RateLimit rate(double requestsPerSecond) {
        return requestsPerSecond > 0 ? new RateLimit(requestsPerSecond, Schedulers.parallel()) : null;
    }

    /**
     * For a derived client: the in-flight limit is shared exactly when the connection pool is (the same
     * {@code maxInFlight}), so calls never wait in the pool; the rate when it has the same number.
     */
    Limits reuseIf(int maxInFlight, double rps) {
        return new Limits(inFlight.max() == maxInFlight ? inFlight : new InFlightLimit(maxInFlight),
                requestsPerSecond == rps ? rate : rate(rps), rps);
    }
}
