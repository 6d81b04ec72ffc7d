package wechatpay.reactor;

import org.jspecify.annotations.Nullable;

/**
 * Every failure of a call that was sent, split on "did WeChat Pay answer?": it answered with an error
 * ({@link WechatPayServiceException}), it answered but the answer cannot be trusted
 * ({@link WechatPayVerificationException}), or no answer came ({@link WechatPayTransportException}).
 * A request refused before sending is a {@link ValidationException} instead. Messages name the call and carry
 * no keys, signatures or whole bodies.
 */
public abstract sealed class WechatPayException extends RuntimeException
        permits WechatPayServiceException, WechatPayVerificationException, WechatPayTransportException {
    private final String call;
    private final @Nullable String requestId;

    WechatPayException(String call, @Nullable String requestId, String message, @Nullable Throwable cause) {
        super(call + ": " + message + (requestId == null ? "" : " [Request-ID " + requestId + "]"), cause);
        this.call = call;
        this.requestId = requestId;
    }

    /** {@code METHOD /path} of the failed call, without the query. */
    public String call() {
        return call;
    }

    /** WeChat Pay's {@code Request-ID} of the answer, or null when there was none. Quote it to WeChat Pay support. */
    public @Nullable String requestId() {
        return requestId;
    }

    /**
     * What went wrong, in one word: WeChat Pay's error code for a service error (for example
     * {@code PARAM_ERROR}), the {@link WechatPayVerificationException.Reason} of a verification failure, the
     * {@link WechatPayTransportException.Kind} of a transport failure.
     */
    public abstract String code();

    /** Whether sending the same request again may succeed (the client's retry policy asks this). */
    public abstract boolean isRetryable();

    /**
     * Whether WeChat Pay may have acted on the request although the call failed: a 5xx, an answer that could not
     * be trusted or read, a timeout or reset after the request was written. Creating calls then query before
     * anything is sent again.
     */
    public abstract boolean mayHaveActed();
}
