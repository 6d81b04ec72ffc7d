/**
 * Scaling out on Redis (Lettuce, an optional dependency): {@link wechatpay.reactor.redis.RedisScheduleWorker}
 * schedules the entries of a Redis stream as one consumer of a group, and
 * {@link wechatpay.reactor.redis.RedisRateLimiter} shares one merchant's budget of calls per second among every
 * instance. Nothing outside this package needs Lettuce. Every command is sent from {@code boundedElastic}: Lettuce
 * takes a brief lock while it writes one, which no event-loop thread may wait on.
 */
@NullMarked
package wechatpay.reactor.redis;

import org.jspecify.annotations.NullMarked;
