package wechatpay.reactor.redis;

import wechatpay.reactor.creditrepayment.StreamStats;

/**
 * What a {@link RedisScheduleWorker} has done so far, or did in all.
 *
 * @param read         entries handed to this worker by {@code XREADGROUP} (its own pending ones again included)
 * @param claimed      entries it claimed from a consumer that had left them idle ({@code XAUTOCLAIM})
 * @param acknowledged entries whose result it wrote and acknowledged, in one step
 * @param invalid      of those, entries that could not become an item (their result says why; nothing was sent)
 * @param alreadyDone  entries another consumer had acknowledged first (no second result is written)
 * @param schedule     the counters of the schedule stream over the entries that became items
 */
public record WorkerReport(long read, long claimed, long acknowledged, long invalid, long alreadyDone,
        StreamStats.Summary schedule) {
}
