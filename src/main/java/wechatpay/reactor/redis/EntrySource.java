package wechatpay.reactor.redis;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/**
 * The entries of one consumer of a group, as a flux that reads only as fast as it is asked: first the entries
 * this consumer name left pending before (a restart), then new ones ({@code XREADGROUP >}), and every half
 * {@code claimIdle} the entries another consumer has left idle that long ({@code XAUTOCLAIM}). Entries being
 * worked on are kept from going idle by a heartbeat ({@code XCLAIM ... JUSTID}), so only a dead consumer's are
 * claimed, however long a call takes. Blocking reads have a connection of their own.
 */
final class EntrySource {
    private static final Duration BLOCK = Duration.ofSeconds(1);

    private final RedisReactiveCommands<String, String> reads;
    private final RedisReactiveCommands<String, String> commands;
    private final String stream;
    private final String group;
    private final Consumer<String> consumer;
    private final int batch;
    private final Duration claimIdle;
    private final Scheduler timer;
    final Set<String> working = ConcurrentHashMap.newKeySet();
    final AtomicLong read = new AtomicLong();
    final AtomicLong claimed = new AtomicLong();
    private String ownCursor = "0";
    private boolean ownDone;
    private String claimCursor = "0-0";
    private long nextClaimNanos;

    EntrySource(RedisReactiveCommands<String, String> reads, RedisReactiveCommands<String, String> commands,
            String stream, String group, String consumer, int batch, Duration claimIdle, Scheduler timer) {
        this.reads = reads;
        this.commands = commands;
        this.stream = stream;
        this.group = group;
        this.consumer = Consumer.from(group, consumer);
        this.batch = batch;
        this.claimIdle = claimIdle;
        this.timer = timer;
        this.nextClaimNanos = System.nanoTime();
    }

    /** The group, created at the stream's start (so entries added before it count) unless it exists. */
    Mono<Void> createGroup() {
        return Script.offLoop(commands.xgroupCreate(StreamOffset.from(stream, "0"), group,
                        XGroupCreateArgs.Builder.mkstream()))
                .onErrorResume(RedisBusyException.class, e -> Mono.empty())
                .then();
    }

    /**
     * Entries until {@code stop}. An entry is in hand (kept by the heartbeat) from the moment it is read, also
     * while it waits for demand; one already in hand (claimed again) is not given twice.
     */
    Flux<StreamMessage<String, String>> entries(Mono<Void> stop) {
        return Script.offLoop(Mono.defer(this::next))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(5)))
                .map(list -> list.stream().filter(m -> working.add(m.getId())).toList())
                .repeat()
                .takeUntilOther(stop)
                .concatMapIterable(list -> list, 1);
    }

    /** Keeps this consumer's entries in hand from going idle; runs until disposed. */
    Flux<Long> heartbeat() {
        Duration every = claimIdle.dividedBy(3);
        return Flux.interval(every, every, timer)
                .concatMap(tick -> working.isEmpty() ? Mono.<Long>empty()
                        : Script.offLoop(commands.xclaim(stream, consumer, XClaimArgs.Builder.justid(),
                                working.toArray(String[]::new))).count()
                                .onErrorResume(e -> Mono.empty()));
    }

    /** The entry is done with (acknowledged, or left for later). */
    void done(String id) {
        working.remove(id);
    }

    /** Acknowledges an entry with no fields (deleted from the stream while pending): nothing to do. */
    Mono<Long> dropEmpty(String id) {
        return Script.offLoop(commands.xack(stream, group, id));
    }

    private Mono<List<StreamMessage<String, String>>> next() {
        if (!ownDone) {
            return reads.xreadgroup(consumer, XReadArgs.Builder.count(batch), StreamOffset.from(stream, ownCursor))
                    .collectList()
                    .doOnNext(list -> {
                        if (list.isEmpty()) {
                            ownDone = true;
                        } else {
                            ownCursor = list.get(list.size() - 1).getId();
                            read.addAndGet(list.size());
                        }
                    });
        }
        if (System.nanoTime() - nextClaimNanos >= 0) {
            return commands.xautoclaim(stream, XAutoClaimArgs.Builder.xautoclaim(consumer, claimIdle, claimCursor)
                            .count(batch))
                    .map(claim -> {
                        claimCursor = claim.getId();
                        if ("0-0".equals(claimCursor)) {
                            nextClaimNanos = System.nanoTime() + claimIdle.toNanos() / 2;
                        }
                        claimed.addAndGet(claim.getMessages().size());
                        return claim.getMessages();
                    });
        }
        return reads.xreadgroup(consumer, XReadArgs.Builder.count(batch).block(BLOCK),
                        StreamOffset.lastConsumed(stream))
                .collectList()
                .doOnNext(list -> read.addAndGet(list.size()));
    }
}
