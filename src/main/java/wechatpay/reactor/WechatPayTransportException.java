package wechatpay.reactor;

import org.jspecify.annotations.Nullable;

/**
 * No answer came: the connection failed, timed out, was reset, no pooled connection was free, or the answer was
 * too large. {@link #mayHaveActed()} tells whether WeChat Pay may have acted anyway (a timeout or a reset
 * after the request was written); creating calls reconcile with a query before sending again.
 */
public final class WechatPayTransportException extends WechatPayException {

    /** What went wrong on the way. */
    public enum Kind {
        CONNECT, POOL, TIMEOUT, RESET, RESPONSE_TOO_LARGE, OTHER,
        /** The request could not be signed (the signer, KMS or HSM failed): it was never sent. */
        SIGNING,
        /** The client's {@link RateLimiter} failed (a shared budget's store could not be reached): it was never sent. */
        RATE_LIMITER
    }

    private final Kind kind;

    WechatPayTransportException(String call, Kind kind, String message, @Nullable Throwable cause) {
        super(call, null, message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String code() {
        return kind.name();
    }

    /** False only when the request surely never left (no connection could be made or had, not signed, not let start). */
    @Override
    public boolean mayHaveActed() {
        return kind != Kind.CONNECT && kind != Kind.POOL && kind != Kind.SIGNING && kind != Kind.RATE_LIMITER;
    }

    @Override
    public boolean isRetryable() {
        return kind != Kind.RESPONSE_TOO_LARGE;
    }
}
