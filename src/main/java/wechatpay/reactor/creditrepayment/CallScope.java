package wechatpay.reactor.creditrepayment;

import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import wechatpay.reactor.WechatPayServiceException;
import wechatpay.reactor.internal.RateLimit;

/**
 * What the calls of one stream (or one single call) share: the stream's own rate cap, if it lowers the client's;
 * the count of consecutive answers about the merchant rather than the item, which stops further calls once it
 * reaches the limit; and the stream's counters. Thread-safe.
 */
final class CallScope {
    private final RateLimit rate;
    private final int stopAfter;
    private final StreamStats stats;
    private final AtomicInteger streak = new AtomicInteger();
    private volatile WechatPayServiceException stoppedBy;

    /** {@code rate} null = the client's rate only; {@code stopAfter} 0 = never stop. */
    CallScope(RateLimit rate, int stopAfter, StreamStats stats) {
        this.rate = rate;
        this.stopAfter = stopAfter;
        this.stats = stats;
    }

    /** One call on its own: no cap of its own, never stopped, counted nowhere that anyone reads. */
    static CallScope single() {
        return new CallScope(null, 0, new StreamStats());
    }

    StreamStats stats() {
        return stats;
    }

    /** Waits for the scope's own rate slot (the client's limits apply in the pipeline as well). */
    Mono<Void> permit() {
        return rate == null ? Mono.empty() : rate.acquire();
    }

    /** WeChat Pay answered about the item (a success or an item's refusal): the merchant is fine. */
    void answered() {
        streak.set(0);
    }

    /** WeChat Pay answered about the merchant; enough of these in a row stop the scope's further calls. */
    void merchantFailure(WechatPayServiceException failure) {
        if (stopAfter > 0 && streak.incrementAndGet() >= stopAfter && stoppedBy == null) {
            stoppedBy = failure;
            stats.stopped(stopAfter + " answers in a row were about the merchant, not the item (last: "
                    + failure.status() + " " + failure.code() + ")");
        }
    }

    /** The answer that stopped further calls, or null while calls may go on. */
    WechatPayServiceException stoppedBy() {
        return stoppedBy;
    }

    int stopAfter() {
        return stopAfter;
    }
}
