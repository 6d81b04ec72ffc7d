package wechatpay.reactor.creditrepayment;

import wechatpay.reactor.RetryPolicy;

/**
 * How a schedule stream runs. Immutable; start from {@link #defaults()}.
 *
 * @param maxInFlight       most calls in the air at once (0 = the client's {@code maxInFlight})
 * @param requestsPerSecond calls started per second at most, adaptive: halved on 429, recovered gradually
 *                          (0 = no limit)
 * @param retryPolicy       attempts and backoff per item (null = the client's policy)
 * @param ordered           outcomes in input order (true) or as they complete (false, faster)
 * @param maxItemsPerCall   1 today (WeChat Pay takes one item per call); above 1, consecutive items of the same
 *                          contract share one call, for when the limit rises
 * @param stats             live counters to update, or null
 */
public record ScheduleOptions(int maxInFlight, double requestsPerSecond, RetryPolicy retryPolicy, boolean ordered,
        int maxItemsPerCall, ScheduleStats stats) {

    public ScheduleOptions {
        if (maxInFlight < 0 || maxInFlight > 10_000) {
            throw new IllegalArgumentException("maxInFlight: expected 0 (the client's) to 10000, found " + maxInFlight);
        }
        if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("requestsPerSecond: expected >= 0 (0 = no limit), found "
                    + requestsPerSecond);
        }
        if (maxItemsPerCall < 1 || maxItemsPerCall > 100) {
            throw new IllegalArgumentException("maxItemsPerCall: expected 1..100, found " + maxItemsPerCall);
        }
    }

    /** The client's in-flight limit and retry policy, no rate limit, unordered, one item per call. */
    public static ScheduleOptions defaults() {
        return new ScheduleOptions(0, 0, null, false, 1, null);
    }

    public ScheduleOptions withMaxInFlight(int n) {
        return new ScheduleOptions(n, requestsPerSecond, retryPolicy, ordered, maxItemsPerCall, stats);
    }

    public ScheduleOptions withRequestsPerSecond(double rps) {
        return new ScheduleOptions(maxInFlight, rps, retryPolicy, ordered, maxItemsPerCall, stats);
    }

    public ScheduleOptions withRetryPolicy(RetryPolicy policy) {
        return new ScheduleOptions(maxInFlight, requestsPerSecond, policy, ordered, maxItemsPerCall, stats);
    }

    public ScheduleOptions withOrdered(boolean inOrder) {
        return new ScheduleOptions(maxInFlight, requestsPerSecond, retryPolicy, inOrder, maxItemsPerCall, stats);
    }

    public ScheduleOptions withMaxItemsPerCall(int n) {
        return new ScheduleOptions(maxInFlight, requestsPerSecond, retryPolicy, ordered, n, stats);
    }

    public ScheduleOptions withStats(ScheduleStats s) {
        return new ScheduleOptions(maxInFlight, requestsPerSecond, retryPolicy, ordered, maxItemsPerCall, s);
    }
}
