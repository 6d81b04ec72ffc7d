package wechatpay.reactor.sandbox;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** A deduct order of the {@link Ledger}; the sandbox pays at once, so every order is paid in full. */
record DeductOrder(Request request, ScheduleRecord schedule, String transactionId) {

    /** What the merchant asked for; equality is "same content" for a repeated {@code out_trade_no}. */
    record Request(String outTradeNo, String contractId, String outRecordId, long amount, String notifyUrl,
                   String description, String attach) {
    }

    /** The order as its create, its query and the DEDUCTION_PAY callback show it. */
    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("out_trade_no", request.outTradeNo());
        json.put("out_record_id", request.outRecordId());
        json.put("appid", schedule.appid());
        Ledger.putIfPresent(json, "sub_appid", schedule.subAppid());
        json.put("openid", schedule.openid());
        json.put("contract_id", request.contractId());
        json.put("order_state", "DEDUCT_ORDER_STATE_PAY_SUCCESS");
        json.put("deduct_amount", Long.toString(request.amount()));
        json.put("pay_success_amount", Long.toString(request.amount()));
        json.put("description", request.description());
        Ledger.putIfPresent(json, "attach", request.attach());
        json.put("transaction_id", transactionId);
        return json;
    }
}
