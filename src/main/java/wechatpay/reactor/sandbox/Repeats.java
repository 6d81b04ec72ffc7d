package wechatpay.reactor.sandbox;

/**
 * What the sandbox answers to a repeated business key ({@code out_record_id} of a schedule record,
 * {@code out_trade_no} of a deduct order) sent again with the same content. WeChat Pay does not document it, so a
 * client should survive both ({@link WechatPaySandbox.Builder#repeats}). Either way nothing is created again, no
 * second callback is sent, and the same key with different content answers 400 {@code INVALID_REQUEST}.
 */
public enum Repeats {
    /** 200 with the stored record or order, as for the first request. The default. */
    ANSWER_STORED,
    /**
     * 400 {@code INVALID_REQUEST} saying the key has already been used: only a query tells the client whether
     * its earlier attempt succeeded.
     */
    REFUSE
}
