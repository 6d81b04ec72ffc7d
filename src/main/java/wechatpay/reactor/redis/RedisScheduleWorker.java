package wechatpay.reactor.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.retry.Retry;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.OutcomeCodes;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.creditrepayment.ScheduleOutcome;
import wechatpay.reactor.creditrepayment.StreamOptions;
import wechatpay.reactor.creditrepayment.StreamStats;

/**
 * One scheduler instance over a Redis stream: it reads entries as a member of a consumer group (each entry goes
 * to one consumer), schedules them through the client's one create-or-reconcile path with bounded demand, and for
 * each outcome writes a result entry to the result stream and acknowledges the entry in one step. Entries a dead
 * consumer left pending longer than {@code claimIdle} are claimed and scheduled again; that is safe because a
 * create whose fate is unknown is settled by a query before anything is sent again. So delivery is at least once,
 * scheduling exactly once (by {@code out_record_id}), and each entry gets one result.
 *
 * <p>An entry that cannot become an item gets an {@code invalid} result naming the field and is acknowledged.
 * When the stream stops calling because WeChat Pay refuses the merchant itself (a wrong key, say:
 * {@code STOPPED}), the worker stops and leaves the entries it holds pending, for after the fix. Share the
 * merchant's budget among instances with a {@link RedisRateLimiter} on the client.
 *
 * <pre>{@code
 * RedisScheduleWorker worker = RedisScheduleWorker.builder(redisClient, RedisURI.create(url), client)
 *         .stream("repayments").group("schedulers").toItem(fields -> myItem(fields)).build();
 * worker.run().subscribe(report -> log.info("done: {}", report));   // ... later: worker.stop();
 * }</pre>
 */
public final class RedisScheduleWorker {
    private static final Logger LOG = Loggers.getLogger(RedisScheduleWorker.class);

    private final Builder settings;
    private final Sinks.Empty<Void> stop = Sinks.empty();
    private final StreamStats stats = new StreamStats();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong alreadyDone = new AtomicLong();
    private volatile @Nullable EntrySource source;

    private RedisScheduleWorker(Builder b) {
        this.settings = b;
    }

    public static Builder builder(RedisClient redis, RedisURI uri, WechatPayClient client) {
        return new Builder(redis, uri, client);
    }

    /**
     * Runs until {@link #stop()}: then it reads no more, finishes the entries in hand and completes with the
     * report. Opens two connections (one for blocking reads) and closes them at the end. Run once.
     */
    public Mono<WorkerReport> run() {
        return Mono.usingWhen(connect(), this::work, this::close);
    }

    /** Reads no more entries; the entries in hand are finished (or, when cancelled, left pending to be claimed). */
    public void stop() {
        stop.tryEmitEmpty();
    }

    /** The counts so far. */
    public WorkerReport progress() {
        EntrySource s = source;
        return new WorkerReport(s == null ? 0 : s.read.get(), s == null ? 0 : s.claimed.get(), acknowledged.get(),
                invalid.get(), alreadyDone.get(), stats.snapshot());
    }

    public String consumer() {
        return settings.consumer;
    }

    private Mono<List<StatefulRedisConnection<String, String>>> connect() {
        // Lettuce takes a lock while it builds a connection object: not on a thread that must never block.
        Mono<StatefulRedisConnection<String, String>> one = Mono.fromCompletionStage(
                        () -> settings.redis.connectAsync(StringCodec.UTF8, settings.uri))
                .subscribeOn(Schedulers.boundedElastic());
        return Flux.concat(one, one).collectList();
    }

    private Mono<Void> close(List<StatefulRedisConnection<String, String>> connections) {
        return Flux.fromIterable(connections).flatMap(c -> Mono.fromCompletionStage(c.closeAsync())).then();
    }

    private Mono<WorkerReport> work(List<StatefulRedisConnection<String, String>> connections) {
        Builder b = settings;
        EntrySource entries = new EntrySource(connections.get(0).reactive(), connections.get(1).reactive(),
                b.stream, b.group, b.consumer, b.batch, b.claimIdle, Schedulers.parallel());
        this.source = entries;
        Results results = new Results(connections.get(1).reactive(), b.stream, b.results, b.group, b.consumer);
        Flux<Done> done = entries.entries(stop.asMono())
                .concatMap(m -> m.getBody() == null || m.getBody().isEmpty()
                        ? entries.dropEmpty(m.getId()).doOnNext(n -> entries.done(m.getId())).then(Mono.empty())
                        : Mono.just(parse(m)))
                .publish(shared -> Flux.merge(
                        b.client.creditRepayment().scheduleRecords()
                                .schedule(shared.filter(e -> e.item != null), e -> e.item, b.options.withStats(stats))
                                .map(c -> new Done(c.message().id, c.outcome())),
                        shared.filter(e -> e.item == null).map(e -> new Done(e.id, e.error))), b.batch);
        Disposable heartbeat = entries.heartbeat().subscribe();
        return entries.createGroup()
                .thenMany(done.flatMap(d -> finish(entries, results, d), 32))
                .then(Mono.fromSupplier(this::progress))
                .doFinally(signal -> heartbeat.dispose());
    }

    private Entry parse(StreamMessage<String, String> m) {
        try {
            ScheduleItem item = Objects.requireNonNull(settings.toItem.apply(m.getBody()), "toItem returned null");
            return new Entry(m.getId(), item, null);
        } catch (RuntimeException e) {
            return new Entry(m.getId(), null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private Mono<Void> finish(EntrySource entries, Results results, Done d) {
        if (d.outcome instanceof ScheduleOutcome.Failed f && OutcomeCodes.STOPPED.equals(f.code())) {
            if (stop.tryEmitEmpty().isSuccess()) {
                LOG.warn("wechatpay worker {}: stopping, entries stay pending: {}", settings.consumer, f.message());
            }
            entries.done(d.id);
            return Mono.empty();
        }
        List<String> fields = d.outcome != null ? Results.of(d.id, d.outcome) : Results.invalid(d.id, d.error);
        return results.write(d.id, fields)
                .retryWhen(Retry.backoff(20, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(2)))
                .doOnNext(wrote -> {
                    (wrote ? acknowledged : alreadyDone).incrementAndGet();
                    if (wrote && d.outcome == null) {
                        invalid.incrementAndGet();
                    }
                })
                .doFinally(signal -> entries.done(d.id))
                .then();
    }

    private record Entry(String id, @Nullable ScheduleItem item, @Nullable String error) {
    }

    private record Done(String id, @Nullable ScheduleOutcome outcome, @Nullable String error) {
        Done(String id, ScheduleOutcome outcome) {
            this(id, outcome, null);
        }

        Done(String id, String error) {
            this(id, null, error);
        }
    }

    /** Settings of a {@link RedisScheduleWorker}; {@link #build()} names the one at fault. Not thread-safe. */
    public static final class Builder {
        private final RedisClient redis;
        private final RedisURI uri;
        private final WechatPayClient client;
        private @Nullable String stream;
        private @Nullable String group;
        private String consumer = "worker-" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        private @Nullable String results;
        private @Nullable Function<Map<String, String>, ScheduleItem> toItem;
        private int batch = 64;
        private Duration claimIdle = Duration.ofSeconds(30);
        private StreamOptions options = StreamOptions.defaults();

        private Builder(RedisClient redis, RedisURI uri, WechatPayClient client) {
            this.redis = Objects.requireNonNull(redis, "redis");
            this.uri = Objects.requireNonNull(uri, "uri");
            this.client = Objects.requireNonNull(client, "client");
        }

        /** The stream of entries (required). */
        public Builder stream(String stream) {
            this.stream = stream;
            return this;
        }

        /** The consumer group the instances share (required); created at the stream's start if missing. */
        public Builder group(String group) {
            this.group = group;
            return this;
        }

        /** This instance's name in the group (default {@code worker-<pid>-<random>}). */
        public Builder consumer(String consumer) {
            this.consumer = consumer;
            return this;
        }

        /** Where results go (default the stream's name + {@code :results}). */
        public Builder results(String results) {
            this.results = results;
            return this;
        }

        /** An entry's fields to an item (required); what it throws becomes the entry's {@code invalid} result. */
        public Builder toItem(Function<Map<String, String>, ScheduleItem> toItem) {
            this.toItem = toItem;
            return this;
        }

        /** Entries read at once (default 64). */
        public Builder batch(int batch) {
            this.batch = batch;
            return this;
        }

        /** How long an entry of another consumer must lie idle before this one claims it (default 30 s). */
        public Builder claimIdle(Duration claimIdle) {
            this.claimIdle = claimIdle;
            return this;
        }

        /** The schedule stream's options (in flight, retries, ...); its stats are the worker's own. */
        public Builder options(StreamOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        public RedisScheduleWorker build() {
            required("stream", stream);
            required("group", group);
            required("consumer", consumer);
            if (results == null) {
                results = stream + ":results";
            }
            if (results.equals(stream)) {
                throw new ValidationException("results", "must differ from the entry stream '" + stream + "'");
            }
            if (toItem == null) {
                throw new ValidationException("toItem", "required: how an entry's fields become a ScheduleItem");
            }
            if (batch < 1 || batch > 10_000) {
                throw new ValidationException("batch", "expected 1..10000, found " + batch);
            }
            if (claimIdle == null || claimIdle.compareTo(Duration.ofMillis(300)) < 0) {
                throw new ValidationException("claimIdle", "expected at least 300 ms, found " + claimIdle);
            }
            return new RedisScheduleWorker(this);
        }

        private static void required(String field, String value) {
            if (value == null || value.isBlank()) {
                throw new ValidationException(field, "required");
            }
        }
    }
}
