package wechatpay.reactor.creditrepayment;

import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import wechatpay.reactor.Chain;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.WechatPayException;

/**
 * Schedule repayment (预约还款, {@code POST schedule-records/batch-create}) and its query. Items are validated
 * against every documented rule before anything is sent, with the booking day taken from the client's clock in
 * Beijing time. A create whose result is unknown (a 5xx, a timeout or reset after sending, an answer that fails
 * verification or cannot be read, a 4xx) is settled by querying the record before anything is sent again, for
 * single calls and streams alike: nothing is scheduled twice. Thread-safe; every call is lazy.
 *
 * <pre>{@code
 * ScheduleItem item = ScheduleItem.builder()
 *     .contractId("20251105000000123456789").appid("wxd678efh567hg6787").openid("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")
 *     .outRecordId("R20261201001").subMchid("1900000109")
 *     .repaymentAmount(10_000).minRepaymentAmount(2_000).repaymentDate(LocalDate.of(2026, 12, 1))
 *     .build();
 * Mono<ScheduleRecord> scheduled = client.creditRepayment().scheduleRecords().create(item);
 * }</pre>
 */
public final class ScheduleRecords {
    private final WechatPayClient client;
    private final CreateOrReconcile<ScheduleItem, ScheduleRecord> creation;
    private final Chain record;

    ScheduleRecords(WechatPayClient client) {
        this.client = client;
        this.creation = new CreateOrReconcile<>(new ScheduleRecordCalls(client), client.retryPolicy());
        this.record = client.chain(ScheduleRecordCalls.RECORD);
    }

    /**
     * Schedules one repayment. An invalid item fails with {@link ValidationException} and nothing is sent;
     * otherwise the record WeChat Pay holds, or a {@link WechatPayException}: WeChat Pay's refusal (after a
     * query confirmed no record exists), a {@code CONFLICT} (the {@code out_record_id} holds other content), or
     * the last failure once the client's retry policy is spent.
     */
    public Mono<ScheduleRecord> create(ScheduleItem item) {
        return creation.single(item, "item");
    }

    /** The schedule record of {@code outRecordId} under {@code contractId}. */
    public Mono<ScheduleRecord> get(String outRecordId, String contractId) {
        return Mono.defer(() -> {
            if (outRecordId == null || outRecordId.isEmpty()) {
                throw new ValidationException("out_record_id", "required");
            }
            if (contractId == null || contractId.isEmpty()) {
                throw new ValidationException("contract_id", "required: the query needs the contract");
            }
            return record.get(Map.of("out_record_id", outRecordId, "contract_id", contractId))
                    .map(answer -> answer.decode(body -> ScheduleWire.record(body,
                            ScheduleWire.Fallback.contract(contractId))));
        });
    }

    /**
     * Schedules every item of {@code items}: exactly one {@link ScheduleOutcome} per item, never an error because
     * of one item. Demand-driven and bounded: at most the client's {@code maxInFlight} calls in the air, items
     * taken from upstream only as calls finish. Equivalent to {@code schedule(items, StreamOptions.defaults())}.
     *
     * <pre>{@code
     * Flux<ScheduleOutcome> outcomes = client.creditRepayment().scheduleRecords()
     *     .schedule(items, StreamOptions.defaults().withMaxInFlight(32).withRequestsPerSecond(200));
     * }</pre>
     */
    public Flux<ScheduleOutcome> schedule(Flux<ScheduleItem> items) {
        return schedule(items, StreamOptions.defaults());
    }

    /** As {@link #schedule(Flux)}, with options: a lower in-flight bound or rate, retries, order, stopping, stats. */
    public Flux<ScheduleOutcome> schedule(Flux<ScheduleItem> items, StreamOptions options) {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(options, "options");
        CreateOrReconcile<ScheduleItem, ScheduleRecord> streamCreation = creation.withRetry(options.retryPolicy());
        return Flux.defer(() -> new CreateStream<>(streamCreation, ScheduleRecords::outcome, client, options).run(items));
    }

    /**
     * As {@link #schedule(Flux, StreamOptions)} over the caller's own messages: each becomes an item by
     * {@code toItem} as it is taken, and its outcome comes back with it, so that it can be acknowledged (for
     * example a queue entry by its id). A {@code toItem} that throws ends the stream, after the outcomes of the
     * messages already taken; turn a message that cannot become an item into an outcome of your own before.
     */
    public <T> Flux<Correlated<T, ScheduleOutcome>> schedule(Flux<T> messages,
            java.util.function.Function<? super T, ScheduleItem> toItem, StreamOptions options) {
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(toItem, "toItem");
        Objects.requireNonNull(options, "options");
        CreateOrReconcile<ScheduleItem, ScheduleRecord> streamCreation = creation.withRetry(options.retryPolicy());
        return Flux.defer(() -> new CreateStream<>(streamCreation, ScheduleRecords::outcome, client, options)
                .run(messages, toItem, (T message, ScheduleOutcome o) -> new Correlated<>(message, o)));
    }

    private static ScheduleOutcome outcome(long index, ScheduleItem item, CreateOrReconcile.Result<ScheduleRecord> result) {
        if (result instanceof CreateOrReconcile.Created<ScheduleRecord> c) {
            return new ScheduleOutcome.Scheduled(index, item, c.record(), c.calls(), c.requestIds(), c.reconciled());
        }
        if (result instanceof CreateOrReconcile.Refused<ScheduleRecord> r) {
            return new ScheduleOutcome.Rejected(index, item, r.code(), r.message(), r.field(), r.status(), r.calls(),
                    r.requestIds());
        }
        CreateOrReconcile.GaveUp<ScheduleRecord> g = (CreateOrReconcile.GaveUp<ScheduleRecord>) result;
        return new ScheduleOutcome.Failed(index, item, g.code(), g.message(), g.calls(), g.requestIds(), g.cause());
    }
}
