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
        this.inFlight = new InFlightLimit(maxInFlight);
        this.rate = requestsPerSecond > 0 ? new RateLimit(requestsPerSecond, Schedulers.parallel()) : null;
        this.requestsPerSecond = requestsPerSecond;
    }

    /** These limits if they have the given numbers, else new ones. */
    Limits reuseIf(int maxInFlight, double rps) {
        return inFlight.max() == maxInFlight && requestsPerSecond == rps ? this : new Limits(maxInFlight, rps);
    }
}
