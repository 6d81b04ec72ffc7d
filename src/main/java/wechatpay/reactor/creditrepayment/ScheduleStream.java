package wechatpay.reactor.creditrepayment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import wechatpay.reactor.Chain;
import wechatpay.reactor.RetryPolicy;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.WechatPayException;
import wechatpay.reactor.WechatPayServiceException;
import wechatpay.reactor.WechatPayTransportException;
import wechatpay.reactor.WechatPayVerificationException;
import wechatpay.reactor.internal.TokenBucket;

/**
 * {@code Flux<ScheduleItem>} in, exactly one {@link ScheduleOutcome} per item out:
 * <pre>
 * items → index → validate (invalid → Rejected, no call) → group (same contract, up to maxItemsPerCall)
 *       → flatMap(maxInFlight) { rate limit → create → outcome; ambiguous failure → wait → query → found? }
 * </pre>
 * Demand-driven: at most {@code maxInFlight} groups are taken from upstream and in the air, one call each at a
 * time. An ambiguous failure of a create (5xx, a timeout or reset after the request left) is reconciled with
 * the schedule-record query before anything is sent again, so no item is scheduled twice; a 429 or 202 is
 * simply sent again after the backoff; a definitive 4xx is a rejection; a failed verification is a failure.
 * An upstream error ends the stream only after the outcomes of the items already taken.
 */
final class ScheduleStream {
    private final ScheduleRecords records;
    private final WechatPayClient client;
    private final ScheduleOptions options;
    private final RetryPolicy retry;
    private final ScheduleStats stats;
    private final TokenBucket limiter;

    ScheduleStream(ScheduleRecords records, WechatPayClient client, ScheduleOptions options) {
        this.records = records;
        this.client = client;
        this.options = options;
        this.retry = options.retryPolicy() != null ? options.retryPolicy() : client.retryPolicy();
        this.stats = options.stats() != null ? options.stats() : new ScheduleStats();
        this.limiter = options.requestsPerSecond() > 0 ? new TokenBucket(options.requestsPerSecond()) : null;
    }

    Flux<ScheduleOutcome> run(Flux<ScheduleItem> items) {
        int concurrency = options.maxInFlight() > 0 ? options.maxInFlight() : client.maxInFlight();
        return Flux.using(
                () -> client.mutate().retryPolicy(RetryPolicy.none()).build(),
                single -> {
                    Calls calls = new Calls(single.chain(ScheduleRecords.BATCH_CREATE), single.chain(ScheduleRecords.RECORD));
                    Flux<Pending> indexed = items.index((i, item) -> new Pending(i, item));
                    // One item per call needs no grouping (and must not wait for the next item to close a group).
                    Flux<List<Pending>> groups = options.maxItemsPerCall() == 1 ? indexed.map(List::of)
                            : indexed.bufferUntil(new Grouping(options.maxItemsPerCall()), true);
                    Flux<ScheduleOutcome> outcomes = options.ordered()
                            ? groups.flatMapSequentialDelayError(g -> send(calls, g), concurrency, 1)
                            : groups.flatMapDelayError(g -> send(calls, g), concurrency, 1);
                    return outcomes.doOnSubscribe(s -> stats.started())
                            .doOnNext(stats::outcome)
                            .doFinally(s -> stats.ended());
                },
                WechatPayClient::close);
    }

    /** One group: refuse the invalid items at once, then send the valid ones together. */
    private Flux<ScheduleOutcome> send(Calls calls, List<Pending> group) {
        List<ScheduleOutcome> refused = new ArrayList<>();
        List<Pending> valid = new ArrayList<>(group.size());
        for (Pending p : group) {
            try {
                p.item().validate(records.bookingDay());
                valid.add(p);
            } catch (ValidationException e) {
                refused.add(new ScheduleOutcome.Rejected(p.index(), p.item(), ScheduleOutcome.Rejected.VALIDATION,
                        e.getMessage(), e.field(), 0, 0, List.of()));
            }
        }
        Flux<ScheduleOutcome> now = Flux.fromIterable(refused);
        return valid.isEmpty() ? now : now.concatWith(Flux.defer(() -> new Run(calls, valid).create()));
    }

    private Mono<Void> permit() {
        if (limiter == null) {
            return Mono.empty();
        }
        return Mono.defer(() -> {
            long wait = limiter.reserve();
            return wait == 0 ? Mono.empty() : Mono.delay(Duration.ofNanos(wait)).then();
        });
    }

    /** The life of one group of valid items: its calls, attempts and request ids. Calls within it never overlap. */
    private final class Run {
        private final Calls calls;
        private List<Pending> items;
        private final List<String> requestIds = new ArrayList<>();
        private int creates;
        private int callCount;

        Run(Calls calls, List<Pending> items) {
            this.calls = calls;
            this.items = items;
        }

        Flux<ScheduleOutcome> create() {
            creates++;
            callCount++;
            if (creates > 1) {
                stats.retry();
            }
            List<ScheduleItem> body = items.stream().map(Pending::item).toList();
            return permit()
                    .then(Mono.defer(() -> {
                        stats.call();  // counted when it leaves, not while it waits for the rate limiter
                        return calls.batchCreate.post(ScheduleWire.request(body));
                    }))
                    .flatMapMany(response -> {
                        requestIds.add(response.requestId());
                        List<ScheduleRecord> created = response.decode(ScheduleWire::records);
                        return Flux.fromIterable(answered(created));
                    })
                    .onErrorResume(this::afterCreate);
        }

        private List<ScheduleOutcome> answered(List<ScheduleRecord> created) {
            Map<String, ScheduleRecord> byId = new HashMap<>();
            created.forEach(r -> byId.put(r.outRecordId(), r));
            List<ScheduleOutcome> out = new ArrayList<>(items.size());
            for (Pending p : items) {
                ScheduleRecord r = byId.get(p.item().outRecordId());
                out.add(r != null ? scheduled(p, r, false) : failed(p, "UNEXPECTED_RESPONSE",
                        "the answer holds no record for out_record_id " + p.item().outRecordId(), null));
            }
            return out;
        }

        private Flux<ScheduleOutcome> afterCreate(Throwable e) {
            noteRequestId(e);
            if (e instanceof WechatPayServiceException s) {
                if (s.isThrottling()) {
                    stats.throttle();
                    if (limiter != null) {
                        limiter.throttled();
                    }
                }
                if (s.status() == 429 || s.status() == 202) {
                    return later(e, this::create);
                }
                if (s.status() >= 500) {
                    return later(e, this::reconcile);
                }
                if (s.status() >= 400) {
                    return Flux.fromIterable(items).map(p -> (ScheduleOutcome) new ScheduleOutcome.Rejected(p.index(),
                            p.item(), s.code(), s.serverMessage(), s.field(), s.status(), callCount, requestIds));
                }
                return all(s.code(), e);
            }
            if (e instanceof WechatPayVerificationException v) {
                return all(v.reason().name(), e);
            }
            if (e instanceof WechatPayTransportException t && t.isRetryable()) {
                return later(e, t.mayHaveReachedServer() ? this::reconcile : this::create);
            }
            if (e instanceof WechatPayTransportException t) {
                return all(t.kind().name(), e);
            }
            return all("INTERNAL", e);
        }

        /** Waits the backoff, then goes on with {@code next}; gives up when the attempts are spent. */
        private Flux<ScheduleOutcome> later(Throwable e, Supplier<Flux<ScheduleOutcome>> next) {
            if (!retry.shouldRetry(creates, e)) {
                return all(code(e), e);
            }
            return Mono.delay(retry.delay(creates - 1, e)).thenMany(Flux.defer(next));
        }

        /** Asks for each item's record; found → scheduled (or a conflict), not found → sent again. */
        private Flux<ScheduleOutcome> reconcile() {
            List<Pending> missing = new ArrayList<>();
            return Flux.fromIterable(items)
                    .concatMap(p -> query(p, 1).flatMap(found -> found.isPresent()
                            ? Mono.just(matches(p.item(), found.get()) ? scheduled(p, found.get(), true)
                                    : failed(p, ScheduleOutcome.Failed.CONFLICT, "out_record_id " + p.item().outRecordId()
                                            + " already holds a record with other content", null))
                            : Mono.<ScheduleOutcome>fromRunnable(() -> missing.add(p)))
                            .onErrorResume(e -> Mono.just(failed(p, code(e), "could not learn whether it was scheduled: "
                                    + e.getMessage(), e))))
                    .concatWith(Flux.defer(() -> {
                        if (missing.isEmpty()) {
                            return Flux.empty();
                        }
                        items = missing;
                        return create();
                    }));
        }

        private Mono<Optional<ScheduleRecord>> query(Pending p, int attempt) {
            callCount++;
            return permit()
                    .then(Mono.defer(() -> {
                        stats.call();
                        return calls.record.get(Map.of("out_record_id", p.item().outRecordId(),
                                "contract_id", p.item().contractId()));
                    }))
                    .map(response -> {
                        requestIds.add(response.requestId());
                        return Optional.of(response.decode(ScheduleWire::record));
                    })
                    .onErrorResume(e -> {
                        noteRequestId(e);
                        if (e instanceof WechatPayServiceException s && s.status() == 404) {
                            return Mono.just(Optional.empty());
                        }
                        if (e instanceof WechatPayServiceException s && s.isThrottling() && limiter != null) {
                            limiter.throttled();
                        }
                        if (retry.shouldRetry(attempt, e)) {
                            stats.retry();
                            return Mono.delay(retry.delay(attempt - 1, e)).then(Mono.defer(() -> query(p, attempt + 1)));
                        }
                        return Mono.error(e);
                    });
        }

        private Flux<ScheduleOutcome> all(String code, Throwable e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            String message = creates > 1 ? "gave up after " + creates + " attempts: " + why : why;
            return Flux.fromIterable(items).map(p -> failed(p, code, message, e));
        }

        private ScheduleOutcome scheduled(Pending p, ScheduleRecord r, boolean reconciled) {
            return new ScheduleOutcome.Scheduled(p.index(), p.item(), r, callCount, requestIds, reconciled);
        }

        private ScheduleOutcome failed(Pending p, String code, String message, Throwable cause) {
            return new ScheduleOutcome.Failed(p.index(), p.item(), code, message, callCount, requestIds, cause);
        }

        private void noteRequestId(Throwable e) {
            if (e instanceof WechatPayException w && w.requestId() != null) {
                requestIds.add(w.requestId());
            }
        }
    }

    private static String code(Throwable e) {
        if (e instanceof WechatPayServiceException s) {
            return s.code();
        }
        if (e instanceof WechatPayTransportException t) {
            return t.kind().name();
        }
        if (e instanceof WechatPayVerificationException v) {
            return v.reason().name();
        }
        return "INTERNAL";
    }

    /** Whether the record WeChat Pay holds is the one this item asks for (fields WeChat Pay left out are not held against it). */
    static boolean matches(ScheduleItem item, ScheduleRecord r) {
        return Objects.equals(item.contractId(), r.contractId()) && Objects.equals(item.appid(), r.appid())
                && Objects.equals(item.openid(), r.openid()) && item.repaymentAmount() == r.repaymentAmount()
                && Objects.equals(item.repaymentDate(), r.repaymentDate())
                && sameIfBoth(item.minRepaymentAmount().isPresent() ? item.minRepaymentAmount().getAsLong() : null,
                        r.minRepaymentAmount().isPresent() ? r.minRepaymentAmount().getAsLong() : null)
                && sameIfBoth(item.subAppid().orElse(null), r.subAppid().orElse(null))
                && sameIfBoth(item.description().orElse(null), r.description().orElse(null))
                && sameIfBoth(item.attach().orElse(null), r.attach().orElse(null));
    }

    private static boolean sameIfBoth(Object a, Object b) {
        return a == null || b == null || a.equals(b);
    }

    private record Pending(long index, ScheduleItem item) {
    }

    private record Calls(Chain batchCreate, Chain record) {
    }

    /** Starts a new group when the contract changes or the group is full (a fresh one per subscription). */
    private static final class Grouping implements Predicate<Pending> {
        private final int max;
        private Object key;
        private int size;

        Grouping(int max) {
            this.max = max;
        }

        @Override
        public boolean test(Pending p) {
            Object k = java.util.Arrays.asList(p.item().contractId(), p.item().appid(), p.item().openid());
            boolean cut = size == max || !k.equals(key);
            if (cut) {
                key = k;
                size = 0;
            }
            size++;
            return cut;
        }
    }
}
