package wechatpay.reactor.creditrepayment;

import wechatpay.reactor.internal.WireReader;

/** {@code order_state} of a deduct order (还款单). A value this client does not know is {@link #UNKNOWN}. */
public enum DeductOrderState {
    /** 待处理: accepted, the deduction has not started. */
    PENDING("DEDUCT_ORDER_STATE_PENDING"),
    /** 待还款: waiting for the user's payment. */
    NOT_PAY("DEDUCT_ORDER_STATE_NOT_PAY"),
    /** 还款成功: paid; {@code pay_success_amount} and {@code transaction_id} say how much and which payment. */
    PAY_SUCCESS("DEDUCT_ORDER_STATE_PAY_SUCCESS"),
    /** 还款失败: the deduction failed. */
    PAY_FAIL("DEDUCT_ORDER_STATE_PAY_FAIL"),
    /** A value WeChat Pay added after this client was written; the order keeps the text. */
    UNKNOWN("");

    private final String wire;

    DeductOrderState(String wire) {
        this.wire = wire;
    }

    /** The wire text, such as {@code DEDUCT_ORDER_STATE_PAY_SUCCESS}; empty for {@link #UNKNOWN}. */
    public String wire() {
        return wire;
    }

    /** The constant for a wire text; {@link #UNKNOWN} for any other text. */
    public static DeductOrderState of(String wire) {
        return WireReader.known(DeductOrderState.class, DeductOrderState::wire, wire, UNKNOWN);
    }
}
