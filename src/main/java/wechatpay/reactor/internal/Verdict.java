package wechatpay.reactor.internal;

/**
 * The result of verifying a signed answer or callback: never an exception. {@code detail} is safe to show:
 * it names headers and serials, never a signature or a key.
 */
public record Verdict(Kind kind, String detail) {

    public enum Kind {
        VALID,
        /** The signature does not match the message under the chosen key: forged or altered. */
        BAD_SIGNATURE,
        /** {@code Wechatpay-Timestamp} is outside the allowed window: replayed or a skewed clock. */
        STALE_TIMESTAMP,
        /** No usable key for {@code Wechatpay-Serial} (unknown, or a certificate outside its validity). */
        UNKNOWN_SERIAL,
        /** One of the four signature headers is absent or blank. */
        MISSING_HEADER,
        /** A header is present but unusable: a timestamp that is not a number, a signature that is not Base64. */
        MALFORMED,
        /** A {@code WECHATPAY/SIGNTEST/} probe: WeChat Pay checking that the client really verifies. */
        PROBE
    }

    static final Verdict VALID = new Verdict(Kind.VALID, "valid");

    public boolean isValid() {
        return kind == Kind.VALID;
    }
}
