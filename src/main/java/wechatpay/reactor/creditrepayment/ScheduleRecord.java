package wechatpay.reactor.creditrepayment;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.internal.WireWriter;

/**
 * A schedule record as WeChat Pay returns it (from batch-create or the schedule-record query). Amounts are fen,
 * the date is a Beijing date. Fields the answer left out are empty optionals; fields this client does not know
 * are ignored. Immutable and thread-safe; every component is non-null.
 *
 * <pre>{@code
 * client.creditRepayment().scheduleRecords().create(item)
 *     .subscribe(r -> log.info("scheduled {} for {} fen on {}", r.outRecordId(), r.repaymentAmount(), r.repaymentDate()));
 * }</pre>
 *
 * @param outRecordId        {@code out_record_id}, the merchant's schedule record number
 * @param appid              {@code appid}
 * @param subAppid           {@code sub_appid}, if returned
 * @param contractId         {@code contract_id}
 * @param repaymentAmount    {@code repayment_amount} in fen
 * @param minRepaymentAmount {@code min_repayment_amount} in fen, if returned
 * @param repaymentDate      {@code repayment_date}
 * @param openid             {@code openid}
 * @param description        {@code description}, if returned
 * @param attach             {@code attach}, if returned
 */
public record ScheduleRecord(String outRecordId, String appid, Optional<String> subAppid, String contractId,
        long repaymentAmount, OptionalLong minRepaymentAmount, LocalDate repaymentDate, String openid,
        Optional<String> description, Optional<String> attach) {

    /** Refuses {@code null} components: absent values are empty optionals. */
    public ScheduleRecord {
        Objects.requireNonNull(outRecordId, "outRecordId");
        Objects.requireNonNull(appid, "appid");
        Objects.requireNonNull(subAppid, "subAppid");
        Objects.requireNonNull(contractId, "contractId");
        Objects.requireNonNull(minRepaymentAmount, "minRepaymentAmount");
        Objects.requireNonNull(repaymentDate, "repaymentDate");
        Objects.requireNonNull(openid, "openid");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(attach, "attach");
    }

    /** The record as WeChat Pay's JSON names it, absent values left out. */
    public ObjectNode toJson() {
        WireWriter w = new WireWriter();
        w.text("out_record_id", outRecordId).text("appid", appid).text("sub_appid", subAppid)
                .text("contract_id", contractId).fen("repayment_amount", repaymentAmount)
                .fen("min_repayment_amount", minRepaymentAmount).text("repayment_date", repaymentDate.toString())
                .text("openid", openid).text("description", description).text("attach", attach);
        return w.node();
    }
}
