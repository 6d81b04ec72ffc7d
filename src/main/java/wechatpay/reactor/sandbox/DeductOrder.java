package wechatpay.reactor.sandbox;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A deduct order of the {@link OrderBook}: what was asked, the schedule record it repays, its state, and the
 * {@code transaction_id} of a successful payment ({@code null} otherwise). Immutable; settling replaces it.
 */
record DeductOrder(Request request, ScheduleRecord schedule, State state, String transactionId) {

    /** {@code order_state} without its {@code DEDUCT_ORDER_STATE_} prefix. */
    enum State {
        PENDING, PAY_SUCCESS, PAY_FAIL;

        String wire() {
            return "DEDUCT_ORDER_STATE_" + name();
        }
    }

    /** What the merchant asked for; equality is "same content" for a repeated {@code out_trade_no}. */
    record Request(String outTradeNo, String contractId, String outRecordId, long amount, String notifyUrl,
                   String description, String attach) {
    }

    DeductOrder {
        if ((state == State.PAY_SUCCESS) != (transactionId != null)) {
            throw new IllegalArgumentException("a transaction_id belongs to a paid order only: " + state);
        }
    }

    DeductOrder settled(State result, String newTransactionId) {
        return new DeductOrder(request, schedule, result, newTransactionId);
    }

    /** The order as DEDUCTION_PAY carries it: its answer fields and {@code sub_mchid} (the server adds sp_mchid). */
    ObjectNode callbackJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("sub_mchid", schedule.subMchid());
        json.setAll(toJson());
        return json;
    }

    /** The order as its create and its query show it; a paid order adds pay_success_amount and transaction_id. */
    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("out_trade_no", request.outTradeNo());
        json.put("out_record_id", request.outRecordId());
        json.put("appid", schedule.appid());
        Ledger.putIfPresent(json, "sub_appid", schedule.subAppid());
        json.put("openid", schedule.openid());
        json.put("contract_id", request.contractId());
        json.put("order_state", state.wire());
        json.put("deduct_amount", Long.toString(request.amount()));
        if (state == State.PAY_SUCCESS) {
            json.put("pay_success_amount", Long.toString(request.amount()));
        }
        json.put("description", request.description());
        Ledger.putIfPresent(json, "attach", request.attach());
        Ledger.putIfPresent(json, "transaction_id", transactionId);
        return json;
    }
}
