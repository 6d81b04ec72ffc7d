package wechatpay.reactor.creditrepayment;

import wechatpay.reactor.WechatPayServiceException;

/**
 * The codes of the streams' outcomes ({@link ScheduleOutcome}, {@link DeductOutcome}) that are not WeChat Pay's own,
 * in one place. Besides these, a rejection carries WeChat Pay's error code ({@code PARAM_ERROR}, ...), and a
 * failure WeChat Pay's error code, a {@link wechatpay.reactor.WechatPayTransportException.Kind} ({@code TIMEOUT},
 * {@code RESET}, ...) or a {@link wechatpay.reactor.WechatPayVerificationException.Reason} ({@code PROBE},
 * {@code BAD_SIGNATURE}, ...).
 */
public final class OutcomeCodes {
    /** Rejected before sending: the item broke a documented rule; the message names the field. */
    public static final String VALIDATION_ERROR = "VALIDATION_ERROR";
    /** Failed: the item's key ({@code out_record_id}, {@code out_trade_no}) already holds other content. */
    public static final String CONFLICT = WechatPayServiceException.CONFLICT;
    /**
     * Failed, not sent: the stream stopped calling after too many answers in a row about the merchant (401
     * {@code SIGN_ERROR}, 403 {@code NO_AUTH}, ...); see {@link StreamOptions#stopAfterMerchantFailures()}.
     */
    public static final String STOPPED = "STOPPED";
    /** Failed: verified answers that did not hold a readable record, even to a query. */
    public static final String UNEXPECTED_RESPONSE = WechatPayServiceException.UNEXPECTED_RESPONSE;
    /** Failed: a failure inside this client (a bug); the cause says what. */
    public static final String INTERNAL = "INTERNAL";

    private OutcomeCodes() {
    }
}
