package wechatpay.reactor.creditrepayment;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.internal.WireReader;
import wechatpay.reactor.internal.WireWriter;

/**
 * A deduct order (还款单) as WeChat Pay holds it: the create answer, the order query and the {@code DEDUCTION_PAY}
 * callback. Amounts are fen. Fields left out are empty optionals; a state this client does not know is
 * {@link DeductOrderState#UNKNOWN} with the wire text in {@link #stateText()}. Immutable; every component is non-null.
 *
 * @param outTradeNo       {@code out_trade_no}, the merchant's order number
 * @param outRecordId      {@code out_record_id}, the schedule record it repays
 * @param appid            {@code appid}
 * @param subAppid         {@code sub_appid}
 * @param openid           {@code openid}
 * @param contractId       {@code contract_id}
 * @param state            {@code order_state}
 * @param stateText        {@code order_state} as sent
 * @param deductAmount     {@code deduct_amount} in fen
 * @param paySuccessAmount {@code pay_success_amount} in fen, once paid
 * @param description      {@code description}
 * @param attach           {@code attach}
 * @param transactionId    {@code transaction_id} of the payment, once paid
 */
public record DeductOrderRecord(String outTradeNo, String outRecordId, String appid, Optional<String> subAppid,
        String openid, String contractId, DeductOrderState state, String stateText, long deductAmount,
        OptionalLong paySuccessAmount, String description, Optional<String> attach, Optional<String> transactionId) {

    public DeductOrderRecord {
        Objects.requireNonNull(outTradeNo, "outTradeNo");
        Objects.requireNonNull(outRecordId, "outRecordId");
        Objects.requireNonNull(appid, "appid");
        Objects.requireNonNull(subAppid, "subAppid");
        Objects.requireNonNull(openid, "openid");
        Objects.requireNonNull(contractId, "contractId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stateText, "stateText");
        Objects.requireNonNull(paySuccessAmount, "paySuccessAmount");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(attach, "attach");
        Objects.requireNonNull(transactionId, "transactionId");
    }

    /**
     * Reads a deduct order object of WeChat Pay's JSON (a create or query answer, a decrypted {@code DEDUCTION_PAY}
     * resource): lenient about unknown and missing optional fields, an {@link IllegalArgumentException} naming a
     * required field that is missing or malformed.
     */
    public static DeductOrderRecord fromJson(JsonNode node) {
        return read(WireReader.of(node, "deduct order"), null);
    }

    /** With {@code asked}: a field the answer left out is taken from the order that was asked for. */
    static DeductOrderRecord read(WireReader r, DeductOrder asked) {
        String state = r.text("order_state");
        return new DeductOrderRecord(r.text("out_trade_no"), r.text("out_record_id"), r.text("appid"),
                r.optionalText("sub_appid"), r.text("openid"),
                asked == null ? r.text("contract_id") : r.optionalText("contract_id").orElse(asked.contractId()),
                DeductOrderState.of(state), state,
                asked == null ? r.fen("deduct_amount") : r.optionalFen("deduct_amount").orElse(asked.deductAmount()),
                r.optionalFen("pay_success_amount"),
                asked == null ? r.text("description") : r.optionalText("description").orElse(asked.description()),
                r.optionalText("attach").or(() -> asked == null ? Optional.empty() : asked.attach()),
                r.optionalText("transaction_id"));
    }

    /** The order as WeChat Pay's JSON names it: what {@link #fromJson} reads, absent values left out. */
    public ObjectNode toJson() {
        WireWriter w = new WireWriter();
        w.text("out_trade_no", outTradeNo).text("out_record_id", outRecordId).text("appid", appid)
                .text("sub_appid", subAppid).text("openid", openid).text("contract_id", contractId)
                .text("order_state", stateText).fen("deduct_amount", deductAmount)
                .fen("pay_success_amount", paySuccessAmount).text("description", description).text("attach", attach)
                .text("transaction_id", transactionId);
        return w.node();
    }
}
