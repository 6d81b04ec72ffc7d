package wechatpay.reactor.creditrepayment;

import java.util.function.BiFunction;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.internal.RateLimit;

/**
 * The one stream of creates ({@code Flux<ScheduleItem>}, {@code Flux<DeductOrder>}): exactly one outcome per item:
 * <pre>
 * items → index → flatMap(maxInFlight) { create-or-reconcile (checked, limited, reconciled) } → outcome
 * </pre>
 * Demand-driven: at most {@code maxInFlight} items are taken from upstream and in the air, one call each at a
 * time; the client's limits bound this stream together with every other caller. The operator never errors, so
 * an upstream error ends the stream only after the outcomes of the items already taken.
 */
final class CreateStream<I, R, O> {

    /** Turns an item's result into the stream's outcome type. */
    interface Outcomes<I, R, O> {
        O of(long index, I item, CreateOrReconcile.Result<R> result);
    }

    private final CreateOrReconcile<I, R> creation;
    private final Outcomes<I, R, O> outcomes;
    private final int concurrency;
    private final boolean ordered;
    private final StreamStats stats;
    private final CallScope scope;

    CreateStream(CreateOrReconcile<I, R> creation, Outcomes<I, R, O> outcomes, WechatPayClient client,
            StreamOptions options) {
        this.creation = creation;
        this.outcomes = outcomes;
        this.concurrency = options.maxInFlight() > 0 ? Math.min(options.maxInFlight(), client.maxInFlight())
                : client.maxInFlight();
        this.ordered = options.ordered();
        this.stats = options.stats() != null ? options.stats() : new StreamStats();
        RateLimit rate = options.requestsPerSecond() > 0
                ? new RateLimit(options.requestsPerSecond(), Schedulers.parallel()) : null;
        this.scope = new CallScope(rate, options.stopAfterMerchantFailures(), stats);
    }

    Flux<O> run(Flux<I> items) {
        return run(items, Function.identity(), (item, outcome) -> outcome);
    }

    /**
     * The stream over the caller's own messages: each becomes an item by {@code toItem} as it is taken, and its
     * outcome is handed back with the message ({@code combine}), so that a consumer can acknowledge it. A
     * {@code toItem} that throws ends the stream like an upstream error, after the outcomes of the messages
     * already taken.
     */
    <S, X> Flux<X> run(Flux<S> sources, Function<? super S, I> toItem, BiFunction<? super S, O, X> combine) {
        Flux<Pending<S, I>> indexed = sources.index((i, source) -> new Pending<>(i, source, toItem.apply(source)));
        Flux<X> all = ordered ? indexed.flatMapSequentialDelayError(p -> one(p, combine), concurrency, 1)
                : indexed.flatMapDelayError(p -> one(p, combine), concurrency, 1);
        return all.doOnSubscribe(s -> stats.started()).doFinally(s -> stats.ended());
    }

    private <S, X> Mono<X> one(Pending<S, I> p, BiFunction<? super S, O, X> combine) {
        return creation.run(p.item(), scope).map(result -> {
            stats.result(result);
            return combine.apply(p.source(), outcomes.of(p.index(), p.item(), result));
        });
    }

    private record Pending<S, I>(long index, S source, I item) {
    }
}
