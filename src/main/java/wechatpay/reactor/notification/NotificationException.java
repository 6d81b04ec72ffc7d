package wechatpay.reactor.notification;

import java.util.Objects;

/**
 * A callback was refused: it failed verification (forged, altered, stale, a probe, an unknown key, missing
 * signature headers), or it verified but could not be read (too large, not an envelope, not decryptable with the
 * APIv3 key, a resource that is not the event it claims). Nothing of the callback reached the application.
 * Answer it with {@link NotificationReply#of(Throwable)}: WeChat Pay then delivers it again later.
 *
 * <p>The message names the header or field at fault and never carries a signature, a key, the ciphertext or
 * the decrypted resource. This is not a {@link wechatpay.reactor.WechatPayException}: those describe a call this
 * client made ({@code call()}, {@code Request-ID}, {@code mayHaveActed()}), while a callback is a request that
 * WeChat Pay makes.
 */
public final class NotificationException extends RuntimeException {

    /** Why a callback was refused. The first six are verification failures ({@link #isVerificationFailure()}). */
    public enum Reason {
        /** One of {@code Wechatpay-Timestamp}, {@code -Nonce}, {@code -Signature}, {@code -Serial} is absent or blank. */
        MISSING_HEADER("a signature header is missing"),
        /** A signature header is unusable: a timestamp that is not a number, a signature that is not Base64, a
         * header given twice with different values. */
        MALFORMED_HEADER("a signature header is malformed"),
        /** A {@code WECHATPAY/SIGNTEST/} probe: WeChat Pay checking that callbacks really are verified. */
        PROBE("the signature is a probe"),
        /** {@code Wechatpay-Timestamp} is the window (300 s) or more off the clock, in either direction. */
        STALE_TIMESTAMP("the timestamp is outside the allowed window"),
        /** No trusted WeChat Pay key has the serial of {@code Wechatpay-Serial}. */
        UNKNOWN_SERIAL("the signing key is unknown"),
        /** The signature does not match the body: forged or altered. */
        BAD_SIGNATURE("the signature does not verify"),
        /** The body is larger than the parser's limit. */
        TOO_LARGE("the body is too large"),
        /** The body is empty. */
        EMPTY_BODY("the body is empty"),
        /** The body is not JSON. */
        NOT_JSON("the body is not JSON"),
        /** The body is JSON but not a callback envelope: a required field is missing or of the wrong type. */
        BAD_ENVELOPE("the body is not a callback envelope"),
        /** {@code resource.algorithm} is not {@code AEAD_AES_256_GCM}. */
        UNSUPPORTED_ALGORITHM("the resource algorithm is not supported"),
        /** The resource does not decrypt: a wrong APIv3 key, or an altered ciphertext, tag, nonce or associated_data. */
        DECRYPTION_FAILED("the resource does not decrypt"),
        /** The decrypted resource is not JSON, or a field of the event is missing or malformed. */
        BAD_RESOURCE("the decrypted resource is not valid");

        private final String summary;

        Reason(String summary) {
            this.summary = summary;
        }

        /** A short, fixed description that is safe to send back to whoever sent the callback. */
        public String summary() {
            return summary;
        }

        /** Whether the callback failed verification: it may not come from WeChat Pay at all. */
        public boolean isVerificationFailure() {
            return switch (this) {
                case MISSING_HEADER, MALFORMED_HEADER, PROBE, STALE_TIMESTAMP, UNKNOWN_SERIAL, BAD_SIGNATURE -> true;
                case TOO_LARGE, EMPTY_BODY, NOT_JSON, BAD_ENVELOPE, UNSUPPORTED_ALGORITHM, DECRYPTION_FAILED,
                        BAD_RESOURCE -> false;
            };
        }
    }

    private final Reason reason;

    NotificationException(Reason reason, String message) {
        super(reason.name() + ": " + Objects.requireNonNull(message, "message"), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** {@link Reason#isVerificationFailure()} of {@link #reason()}. */
    public boolean isVerificationFailure() {
        return reason.isVerificationFailure();
    }
}
