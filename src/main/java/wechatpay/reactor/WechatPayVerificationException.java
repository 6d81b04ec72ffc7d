package wechatpay.reactor;

import org.jspecify.annotations.Nullable;

/**
 * WeChat Pay's answer (or what claims to be it) failed verification: forged or altered, stale, signed by an
 * unknown key, a {@code WECHATPAY/SIGNTEST/} probe, or without its signature headers. Never retried blindly: a
 * forged answer is never a success, and the request may have been acted on ({@link #mayHaveActed()}), so creating
 * calls check with a verified query instead.
 */
public final class WechatPayVerificationException extends WechatPayException {

    /** Why the answer was not trusted. */
    public enum Reason {
        BAD_SIGNATURE, STALE_TIMESTAMP, UNKNOWN_SERIAL, MISSING_HEADER, MALFORMED, PROBE
    }

    private final Reason reason;
    private final int status;

    WechatPayVerificationException(String call, @Nullable String requestId, int status, Reason reason, String message) {
        super(call, requestId, message, null);
        this.reason = reason;
        this.status = status;
    }

    public Reason reason() {
        return reason;
    }

    /** The HTTP status of the untrusted answer. */
    public int status() {
        return status;
    }

    @Override
    public String code() {
        return reason.name();
    }

    @Override
    public boolean isRetryable() {
        return false;
    }

    /** Always: only a 2xx is verified, and WeChat Pay may have sent it. */
    @Override
    public boolean mayHaveActed() {
        return true;
    }
}
