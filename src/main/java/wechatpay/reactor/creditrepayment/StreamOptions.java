package wechatpay.reactor.creditrepayment;

import org.jspecify.annotations.Nullable;
import wechatpay.reactor.RetryPolicy;

/**
 * How a stream of creates runs ({@code schedule(...)}, {@code deduct(...)}). Immutable; start from {@link #defaults()}. The client's limits apply to every
 * stream together; a stream may lower them for itself, never raise them.
 *
 * @param maxInFlight               most calls of this stream in the air at once (0 = the client's
 *                                  {@code maxInFlight}; a larger number is lowered to it)
 * @param requestsPerSecond         calls of this stream started per second at most (0 = only the client's limit,
 *                                  which also applies when this is set)
 * @param retryPolicy               attempts and backoff per item (null = the client's policy)
 * @param ordered                   outcomes in input order (true) or as they complete (false, faster)
 * @param stopAfterMerchantFailures after this many answers in a row about the merchant rather than the item
 *                                  (401 {@code SIGN_ERROR}, 403 {@code NO_AUTH}, ...) the remaining items fail
 *                                  with code {@code STOPPED} without a call (0 = never stop)
 * @param stats                     live counters to update, or null for counters of the stream's own; a stats
 *                                  object given to several streams (or subscriptions) adds them all up, and
 *                                  restarts its clock with each
 */
public record StreamOptions(int maxInFlight, double requestsPerSecond, @Nullable RetryPolicy retryPolicy,
        boolean ordered, int stopAfterMerchantFailures, @Nullable StreamStats stats) {

    public StreamOptions {
        if (maxInFlight < 0 || maxInFlight > 10_000) {
            throw new IllegalArgumentException("maxInFlight: expected 0 (the client's) to 10000, found " + maxInFlight);
        }
        if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("requestsPerSecond: expected >= 0 (0 = the client's limit only), found "
                    + requestsPerSecond);
        }
        if (stopAfterMerchantFailures < 0) {
            throw new IllegalArgumentException("stopAfterMerchantFailures: expected >= 0 (0 = never stop), found "
                    + stopAfterMerchantFailures);
        }
    }

    /** The client's limits and retry policy, unordered, stop after 3 answers in a row about the merchant. */
    public static StreamOptions defaults() {
        return new StreamOptions(0, 0, null, false, 3, null);
    }

    public StreamOptions withMaxInFlight(int n) {
        return new StreamOptions(n, requestsPerSecond, retryPolicy, ordered, stopAfterMerchantFailures, stats);
    }

    public StreamOptions withRequestsPerSecond(double rps) {
        return new StreamOptions(maxInFlight, rps, retryPolicy, ordered, stopAfterMerchantFailures, stats);
    }

    public StreamOptions withRetryPolicy(@Nullable RetryPolicy policy) {
        return new StreamOptions(maxInFlight, requestsPerSecond, policy, ordered, stopAfterMerchantFailures, stats);
    }

    public StreamOptions withOrdered(boolean inOrder) {
        return new StreamOptions(maxInFlight, requestsPerSecond, retryPolicy, inOrder, stopAfterMerchantFailures, stats);
    }

    public StreamOptions withStopAfterMerchantFailures(int n) {
        return new StreamOptions(maxInFlight, requestsPerSecond, retryPolicy, ordered, n, stats);
    }

    public StreamOptions withStats(@Nullable StreamStats s) {
        return new StreamOptions(maxInFlight, requestsPerSecond, retryPolicy, ordered, stopAfterMerchantFailures, s);
    }
}
