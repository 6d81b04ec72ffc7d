package wechatpay.reactor.creditrepayment;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.ApiResponse;
import wechatpay.reactor.Chain;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.internal.ClientAccess;
import wechatpay.reactor.internal.Excerpt;

/** Schedule repayment as a creating endpoint: batch-create, the record query, and the rules of an item. */
final class ScheduleRecordCalls implements CreateOrReconcile.Endpoint<ScheduleItem, ScheduleRecord> {
    static final String BATCH_CREATE = "v3/credit-repayment/partner/schedule-records/batch-create";
    static final String RECORD = "v3/credit-repayment/partner/schedule-records/{out_record_id}";
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private final Supplier<LocalDate> bookingDay;
    private final Chain batchCreate;
    private final Chain record;

    ScheduleRecordCalls(WechatPayClient client) {
        this.bookingDay = () -> LocalDate.ofInstant(client.clock().instant(), BEIJING);
        ClientAccess access = ClientAccess.get();
        this.batchCreate = access.once(client.chain(BATCH_CREATE));
        this.record = access.once(client.chain(RECORD));
    }

    /** Today in Beijing by the client's clock: the booking day of the repayment-date window. */
    LocalDate bookingDay() {
        return bookingDay.get();
    }

    @Override
    public String key(ScheduleItem item) {
        return "out_record_id " + item.outRecordId();
    }

    @Override
    public void check(ScheduleItem item) {
        item.validate(bookingDay());
    }

    @Override
    public Mono<ApiResponse<JsonNode>> create(ScheduleItem item) {
        return batchCreate.post(ScheduleWire.request(item));
    }

    @Override
    public ScheduleRecord created(ScheduleItem item, JsonNode answer) {
        return ScheduleWire.created(item, answer);
    }

    @Override
    public Mono<ApiResponse<JsonNode>> query(ScheduleItem item) {
        return record.get(Map.of("out_record_id", item.outRecordId(), "contract_id", item.contractId()));
    }

    @Override
    public ScheduleRecord found(ScheduleItem item, JsonNode answer) {
        ScheduleRecord r = ScheduleWire.record(answer, ScheduleWire.Fallback.of(item));
        if (!r.outRecordId().equals(item.outRecordId())) {
            throw new IllegalArgumentException("out_record_id: the query for " + item.outRecordId()
                    + " answered a record of " + Excerpt.of(r.outRecordId()));
        }
        return r;
    }

    /** Whether the record WeChat Pay holds is the one the item asks for (fields it left out are not held against it). */
    @Override
    public boolean matches(ScheduleItem item, ScheduleRecord r) {
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
}
