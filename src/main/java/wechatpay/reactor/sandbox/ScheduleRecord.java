package wechatpay.reactor.sandbox;

import java.time.LocalDate;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A schedule record as the {@link Ledger} keeps it; amounts in fen, {@code null} for an absent optional field.
 * Equality is "same content" for a repeated {@code out_record_id}.
 */
record ScheduleRecord(String outRecordId, String contractId, String appid, String openid, String subMchid,
                      String subAppid, long amount, Long minAmount, LocalDate date, String description, String attach) {

    /** The record as batch-create and the query answer it (sub_mchid is not echoed). */
    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("out_record_id", outRecordId);
        json.put("appid", appid);
        Ledger.putIfPresent(json, "sub_appid", subAppid);
        json.put("contract_id", contractId);
        json.put("repayment_amount", Long.toString(amount));
        Ledger.putIfPresent(json, "min_repayment_amount", minAmount == null ? null : minAmount.toString());
        json.put("repayment_date", date.toString());
        json.put("openid", openid);
        Ledger.putIfPresent(json, "description", description);
        Ledger.putIfPresent(json, "attach", attach);
        return json;
    }
}
