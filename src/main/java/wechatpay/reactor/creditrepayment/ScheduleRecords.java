package wechatpay.reactor.creditrepayment;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import wechatpay.reactor.Chain;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.WechatPayClient;

/**
 * Schedule repayment (预约还款, {@code POST schedule-records/batch-create}) and its query. Items are validated
 * against every documented rule before anything is sent, with the booking day taken from the client's clock in
 * Beijing time. Thread-safe; every call is lazy.
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
    static final String BATCH_CREATE = "v3/credit-repayment/partner/schedule-records/batch-create";
    static final String RECORD = "v3/credit-repayment/partner/schedule-records/{out_record_id}";
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private final WechatPayClient client;
    private final Chain batchCreate;
    private final Chain record;

    ScheduleRecords(WechatPayClient client) {
        this.client = client;
        this.batchCreate = client.chain(BATCH_CREATE);
        this.record = client.chain(RECORD);
    }

    /**
     * Schedules one repayment. An invalid item fails with {@link ValidationException} and nothing is sent;
     * WeChat Pay's refusals and transport failures are {@link wechatpay.reactor.WechatPayException}s.
     */
    public Mono<ScheduleRecord> create(ScheduleItem item) {
        return Mono.defer(() -> {
            if (item == null) {
                throw new ValidationException("item", "required");
            }
            item.validate(bookingDay());
            return batchCreate.post(ScheduleWire.request(item));
        }).map(response -> response.decode(body -> {
            java.util.List<ScheduleRecord> records = ScheduleWire.records(body);
            if (records.size() != 1) {
                throw new IllegalArgumentException("expected 1 schedule record, found " + records.size());
            }
            return records.get(0);
        }));
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
            return record.get(Map.of("out_record_id", outRecordId, "contract_id", contractId));
        }).map(response -> response.decode(ScheduleWire::record));
    }

    /**
     * Schedules every item of {@code items}: exactly one {@link ScheduleOutcome} per item, never an error because
     * of one item. Demand-driven and bounded: at most the client's {@code maxInFlight} calls in the air, items
     * taken from upstream only as calls finish. Equivalent to {@code schedule(items, ScheduleOptions.defaults())}.
     *
     * <pre>{@code
     * Flux<ScheduleOutcome> outcomes = client.creditRepayment().scheduleRecords()
     *     .schedule(items, ScheduleOptions.defaults().withMaxInFlight(32).withRequestsPerSecond(200));
     * }</pre>
     */
    public Flux<ScheduleOutcome> schedule(Flux<ScheduleItem> items) {
        return schedule(items, ScheduleOptions.defaults());
    }

    /** As {@link #schedule(Flux)}, with options: in-flight bound, rate limit, retries, order, grouping, stats. */
    public Flux<ScheduleOutcome> schedule(Flux<ScheduleItem> items, ScheduleOptions options) {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(options, "options");
        return Flux.defer(() -> new ScheduleStream(this, client, options).run(items));
    }

    /** Today in Beijing by the client's clock: the booking day of the repayment-date window. */
    LocalDate bookingDay() {
        return LocalDate.ofInstant(client.clock().instant(), BEIJING);
    }
}
