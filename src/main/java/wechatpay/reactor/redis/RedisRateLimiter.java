package wechatpay.reactor.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.Logger;
import reactor.util.Loggers;
import wechatpay.reactor.RateLimiter;
import wechatpay.reactor.ValidationException;

/**
 * One merchant's budget of calls per second, shared by every process that uses the same Redis key: a token
 * bucket kept in Redis and taken from by a Lua script, so that three scheduler instances at a budget of 180/s
 * send 180 calls a second between them, not 540. Tokens are taken in small leases (one script call hands out up
 * to {@code lease} tokens, to the calls waiting in this process at that moment), so one hot key does not carry one
 * round trip per call. A 429 from WeChat Pay to any instance sets a shared cool-down: no instance gets a token
 * until it has passed, and the bucket then starts empty. Time is Redis's own ({@code TIME}), so the processes'
 * clocks do not matter. Every instance must use the same budget for the same key.
 *
 * <p>Thread-safe and non-blocking; one per process and key, given to the client with
 * {@code WechatPayClient.Builder.rateLimiter}. When Redis cannot be reached, calls fail before they are sent
 * ({@code RATE_LIMITER}, retried by the client's retry policy): the budget is never guessed.
 *
 * <pre>{@code
 * StatefulRedisConnection<String, String> redis = RedisClient.create("redis://127.0.0.1:6379").connect();
 * RateLimiter budget = RedisRateLimiter.builder(redis, "wechatpay:budget:" + mchid).requestsPerSecond(180).build();
 * WechatPayClient client = WechatPayClient.builder()...rateLimiter(budget).build();
 * }</pre>
 */
public final class RedisRateLimiter implements RateLimiter {
    private static final Logger LOG = Loggers.getLogger(RedisRateLimiter.class);
    /**
     * KEYS[1] the bucket (a hash: tokens, ts, cool; times in µs of Redis's clock); ARGV rate per second, burst, want.
     * Answers {granted, ms to wait before asking again}.
     */
    private static final Script TAKE = new Script("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local rate = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local want = tonumber(ARGV[3])
            local h = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'cool')
            local cool = tonumber(h[3]) or 0
            if cool > now then
              return {0, math.ceil((cool - now) / 1000)}
            end
            local tokens = tonumber(h[1]) or burst
            local ts = tonumber(h[2]) or now
            if now > ts then
              tokens = math.min(burst, tokens + (now - ts) * rate / 1000000)
            end
            local got = math.min(want, math.floor(tokens))
            tokens = tokens - got
            local at = string.format('%.0f', math.max(now, ts))
            redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'ts', at)
            redis.call('PEXPIRE', KEYS[1], 600000)
            local need = math.min(want - got, burst)
            if need <= 0 then
              return {got, 0}
            end
            return {got, math.max(1, math.ceil((need - tokens) * 1000 / rate))}
            """);
    /** KEYS[1] the bucket; ARGV cool-down ms. Extends the cool-down (never shortens it) and empties the bucket. */
    private static final Script COOL = new Script("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local untilUs = now + tonumber(ARGV[1]) * 1000
            local cool = tonumber(redis.call('HGET', KEYS[1], 'cool')) or 0
            if untilUs > cool then
              local u = string.format('%.0f', untilUs)
              redis.call('HSET', KEYS[1], 'cool', u, 'tokens', '0', 'ts', u)
              redis.call('PEXPIRE', KEYS[1], 600000)
              return 1
            end
            return 0
            """);

    private final RedisReactiveCommands<String, String> redis;
    private final String[] key;
    private final double rate;
    private final int burst;
    private final int lease;
    private final Duration coolDown;
    private final Scheduler timer;
    private final ArrayDeque<MonoSink<Void>> waiting = new ArrayDeque<>();
    private boolean asking;

    private RedisRateLimiter(Builder b) {
        this.redis = b.connection.reactive();
        this.key = new String[] {b.key};
        this.rate = b.requestsPerSecond;
        this.burst = b.burst > 0 ? b.burst : Math.max(1, (int) Math.min(rate / 10, 1000));
        this.lease = b.lease > 0 ? b.lease : Math.max(1, Math.min(burst, (int) (rate / 20)));
        this.coolDown = b.coolDown;
        this.timer = b.timer;
    }

    /** A limiter over {@code key} on this connection (shared with other work; the limiter never blocks it). */
    public static Builder builder(StatefulRedisConnection<String, String> connection, @Nullable String key) {
        return new Builder(connection, key);
    }

    @Override
    public Mono<Void> acquire() {
        return Mono.create(sink -> {
            sink.onCancel(() -> leave(sink));
            synchronized (this) {
                waiting.add(sink);
            }
            ask();
        });
    }

    /** Sets the shared cool-down; the script runs in the background and a failure is logged at DEBUG. */
    @Override
    public void throttled() {
        COOL.<Long>run(redis, ScriptOutputType.INTEGER, key, Long.toString(coolDown.toMillis()))
                .subscribe(set -> { }, e -> LOG.debug("wechatpay budget {}: the cool-down was not set: {}", key[0],
                        e.toString()));
    }

    /** Calls of this process waiting for a token now. */
    public synchronized int waiting() {
        return waiting.size();
    }

    private synchronized void leave(MonoSink<Void> sink) {
        waiting.remove(sink);
    }

    /** One script call at a time asks for as many tokens as calls wait (up to a lease). */
    private void ask() {
        int want;
        synchronized (this) {
            if (asking || waiting.isEmpty()) {
                return;
            }
            asking = true;
            want = Math.min(lease, waiting.size());
        }
        TAKE.<List<Long>>run(redis, ScriptOutputType.MULTI, key, Double.toString(rate), Integer.toString(burst),
                        Integer.toString(want))
                .next()
                .subscribe(this::granted, this::failed);
    }

    private void granted(List<Long> answer) {
        long got = answer.get(0);
        long waitMs = answer.get(1);
        List<MonoSink<Void>> due = new ArrayList<>();
        boolean more;
        synchronized (this) {
            while (got-- > 0 && !waiting.isEmpty()) {
                due.add(waiting.poll());
            }
            more = !waiting.isEmpty();
            // While the wait runs, calls that arrive queue without asking: the timer asks for them all.
            asking = more && waitMs > 0;
        }
        due.forEach(MonoSink::success);
        if (more && waitMs <= 0) {
            ask();
        } else if (more) {
            timer.schedule(this::askAgain, waitMs, TimeUnit.MILLISECONDS);
        }
    }

    private void askAgain() {
        synchronized (this) {
            asking = false;
        }
        ask();
    }

    private void failed(Throwable e) {
        List<MonoSink<Void>> all;
        synchronized (this) {
            asking = false;
            all = new ArrayList<>(waiting);
            waiting.clear();
        }
        all.forEach(sink -> sink.error(new IllegalStateException("the shared budget " + key[0]
                + " could not be read from Redis: " + e, e)));
    }

    @Override
    public String toString() {
        return "RedisRateLimiter[key=" + key[0] + ", requestsPerSecond=" + rate + ", burst=" + burst + ", lease="
                + lease + ", coolDown=" + coolDown + "]";
    }

    /** Settings of a {@link RedisRateLimiter}; {@link #build()} names the one at fault. Not thread-safe. */
    public static final class Builder {
        private final StatefulRedisConnection<String, String> connection;
        private final @Nullable String key;
        private double requestsPerSecond;
        private int burst;
        private int lease;
        private Duration coolDown = Duration.ofSeconds(1);
        private Scheduler timer = Schedulers.parallel();

        private Builder(StatefulRedisConnection<String, String> connection, @Nullable String key) {
            this.connection = Objects.requireNonNull(connection, "connection");
            this.key = key;
        }

        /** The merchant's budget, for all processes together (required). */
        public Builder requestsPerSecond(double requestsPerSecond) {
            this.requestsPerSecond = requestsPerSecond;
            return this;
        }

        /** Calls that may start at once after an idle spell (default a tenth of a second's budget). */
        public Builder burst(int burst) {
            this.burst = burst;
            return this;
        }

        /** Most tokens one script call takes (default a twentieth of a second's budget, at most the burst). */
        public Builder lease(int lease) {
            this.lease = lease;
            return this;
        }

        /** How long every instance waits after a 429 to any of them (default 1 s). */
        public Builder coolDown(Duration coolDown) {
            this.coolDown = coolDown;
            return this;
        }

        /** Where waits for the next lease are timed (default {@code Schedulers.parallel()}; tests: virtual time). */
        public Builder timer(Scheduler timer) {
            this.timer = Objects.requireNonNull(timer, "timer");
            return this;
        }

        public RedisRateLimiter build() {
            if (key == null || key.isBlank()) {
                throw new ValidationException("key", "required: the Redis key the instances share");
            }
            if (!(requestsPerSecond > 0) || requestsPerSecond > 1_000_000) {
                throw new ValidationException("requestsPerSecond", "expected above 0 and at most 1000000, found "
                        + requestsPerSecond);
            }
            if (burst < 0 || lease < 0 || (burst > 0 && lease > burst)) {
                throw new ValidationException(lease > burst ? "lease" : "burst", "expected 0 (default) or a positive "
                        + "number, the lease at most the burst; found burst " + burst + ", lease " + lease);
            }
            if (coolDown == null || coolDown.isNegative() || coolDown.toMillis() > 600_000) {
                throw new ValidationException("coolDown", "expected 0 to 10 minutes, found " + coolDown);
            }
            return new RedisRateLimiter(this);
        }
    }
}
