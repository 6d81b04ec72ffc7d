package wechatpay.reactor.sandbox;

/**
 * When a deduct order of the sandbox settles ({@link WechatPaySandbox.Builder#deductions}). WeChat Pay settles a
 * deduction later and tells the merchant by the {@code CREDIT_REPAYMENT.DEDUCTION_PAY} callback; a client should
 * cope with an order that is still pending when created.
 */
public enum Deductions {
    /**
     * The default: a new order is paid in full at once ({@code DEDUCT_ORDER_STATE_PAY_SUCCESS}, with
     * {@code pay_success_amount} and {@code transaction_id}) and its DEDUCTION_PAY callback is sent at once.
     */
    PAY_AT_ONCE,
    /**
     * A new order answers {@code DEDUCT_ORDER_STATE_PENDING} and stays so, without a callback, until
     * {@code POST /sandbox/deduct-orders/{out_trade_no}/settle} makes it PAY_SUCCESS or PAY_FAIL.
     */
    ON_REQUEST
}
