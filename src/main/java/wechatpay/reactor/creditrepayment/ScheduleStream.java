package wechatpay.reactor.creditrepayment;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.WechatPayServiceException;
import wechatpay.reactor.internal.RateLimit;

/**
 * {@code Flux<ScheduleItem>} in, exactly one {@link ScheduleOutcome} per item out:
 * <pre>
 * items → index → flatMap(maxInFlight) { create-or-reconcile (checked, limited, reconciled) } → outcome
 * </pre>
 * Demand-driven: at most {@code maxInFlight} items are taken from upstream and in the air, one call each at a
 * time; the client's limits bound this stream together with every other caller. The operator never errors, so
 * an upstream error ends the stream only after the outcomes of the items already taken.
 */
final class ScheduleStream {
    private final CreateOrReconcile<ScheduleItem, ScheduleRecord> creation;
    private final int concurrency;
    private final boolean ordered;
    private final ScheduleStats stats;
    private final CallScope scope;

    ScheduleStream(CreateOrReconcile<ScheduleItem, ScheduleRecord> creation, WechatPayClient client,
            ScheduleOptions options) {
        this.creation = creation;
        this.concurrency = options.maxInFlight() > 0 ? Math.min(options.maxInFlight(), client.maxInFlight())
                : client.maxInFlight();
        this.ordered = options.ordered();
        this.stats = options.stats() != null ? options.stats() : new ScheduleStats();
        RateLimit rate = options.requestsPerSecond() > 0
                ? new RateLimit(options.requestsPerSecond(), Schedulers.parallel()) : null;
        this.scope = new CallScope(rate, options.stopAfterMerchantFailures(), stats);
    }

    Flux<ScheduleOutcome> run(Flux<ScheduleItem> items) {
        Flux<Pending> indexed = items.index((i, item) -> new Pending(i, item));
        Flux<ScheduleOutcome> outcomes = ordered ? indexed.flatMapSequentialDelayError(this::one, concurrency, 1)
                : indexed.flatMapDelayError(this::one, concurrency, 1);
        return outcomes.doOnSubscribe(s -> stats.started())
                .doOnNext(stats::outcome)
                .doFinally(s -> stats.ended());
    }

    private Mono<ScheduleOutcome> one(Pending p) {
        return creation.run(p.item(), scope).map(result -> outcome(p, result));
    }

    private static ScheduleOutcome outcome(Pending p, CreateOrReconcile.Result<ScheduleRecord> result) {
        if (result instanceof CreateOrReconcile.Created<ScheduleRecord> c) {
            return new ScheduleOutcome.Scheduled(p.index(), p.item(), c.record(), c.calls(), c.requestIds(),
                    c.reconciled());
        }
        if (result instanceof CreateOrReconcile.Refused<ScheduleRecord> r) {
            if (r.why() instanceof ValidationException v) {
                return new ScheduleOutcome.Rejected(p.index(), p.item(), ScheduleOutcome.Rejected.VALIDATION,
                        v.getMessage(), v.field(), 0, r.calls(), r.requestIds());
            }
            WechatPayServiceException s = (WechatPayServiceException) r.why();
            return new ScheduleOutcome.Rejected(p.index(), p.item(), s.code(), s.serverMessage(), s.field(), s.status(),
                    r.calls(), r.requestIds());
        }
        CreateOrReconcile.GaveUp<ScheduleRecord> g = (CreateOrReconcile.GaveUp<ScheduleRecord>) result;
        return new ScheduleOutcome.Failed(p.index(), p.item(), g.code(), g.message(), g.calls(), g.requestIds(),
                g.cause());
    }

    private record Pending(long index, ScheduleItem item) {
    }
}
