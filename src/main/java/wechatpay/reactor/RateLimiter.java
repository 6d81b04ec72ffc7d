package wechatpay.reactor;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import wechatpay.reactor.internal.RateLimit;

/**
 * When each call of a client may start. A client has one, shared by its single calls and all its streams, and
 * asks it once per request sent (every retry and reconciling query included), after the call has its in-flight
 * permit and before it is signed. The default, {@link #adaptive(double)}, lives in this process; an
 * implementation may share one merchant budget among several processes (see {@code wechatpay.reactor.redis}).
 * Implementations are thread-safe and never block.
 *
 * <pre>{@code
 * WechatPayClient client = WechatPayClient.builder()...rateLimiter(RateLimiter.adaptive(200)).build();
 * }</pre>
 */
public interface RateLimiter {

    /**
     * Completes, empty, when one call may start; cancelling it gives up the wait. An error fails the call as a
     * {@link WechatPayTransportException.Kind#RATE_LIMITER} failure, which was not sent and may be retried.
     */
    Mono<Void> acquire();

    /** WeChat Pay answered 429 to a call this limiter let start. Returns at once (any I/O is the limiter's own). */
    void throttled();

    /**
     * Calls started per second, in this process: up to a tenth of a second's calls at once after an idle spell; a
     * 429 halves the rate (at most once a second, however many arrive together) and it then recovers by a
     * twentieth of {@code requestsPerSecond} each second. What {@code requestsPerSecond(r)} on the builder sets.
     */
    static RateLimiter adaptive(double requestsPerSecond) {
        return new RateLimit(requestsPerSecond, Schedulers.parallel());
    }
}
