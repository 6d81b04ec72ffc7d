package wechatpay.reactor;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * WeChat Pay answered with an error status: {@code code}, {@code message} and {@code detail} as it sent them.
 * Retryable for 202 (repeat with the same parameters), 429 and 5xx. For {@code SIGN_ERROR} the server's
 * {@code detail.sign_information} is kept beside the length of the message this client signed, so a
 * mismatch (clock, path, body, key) can be seen.
 */
public final class WechatPayServiceException extends WechatPayException {
    /** The code of a verified 2xx whose body is not what the API documents. */
    public static final String UNEXPECTED_RESPONSE = "UNEXPECTED_RESPONSE";
    /** The code of a verified answer showing that the business key already holds something else. */
    public static final String CONFLICT = "CONFLICT";
    /** Codes about the merchant's credentials or permissions rather than the request (with any 401). */
    private static final java.util.Set<String> MERCHANT_CODES = java.util.Set.of("SIGN_ERROR", "NO_AUTH",
            "MCH_NOT_EXISTS");

    private final int status;
    private final String code;
    private final String serverMessage;
    private final @Nullable JsonNode detail;
    private final int signedMessageLength;

    WechatPayServiceException(String call, @Nullable String requestId, int status, String code, String serverMessage,
            @Nullable JsonNode detail, int signedMessageLength, String message) {
        super(call, requestId, message, null);
        this.status = status;
        this.code = code;
        this.serverMessage = serverMessage;
        this.detail = detail;
        this.signedMessageLength = signedMessageLength;
    }

    public int status() {
        return status;
    }

    /**
     * WeChat Pay's error code, e.g. {@code PARAM_ERROR}, {@code SIGN_ERROR}, {@code FREQUENCY_LIMITED};
     * {@code HTTP_<status>} when the answer named none; {@link #UNEXPECTED_RESPONSE} or {@link #CONFLICT} for a
     * verified 2xx that the client could not accept.
     */
    @Override
    public String code() {
        return code;
    }

    /** WeChat Pay's human message, as sent. */
    public String serverMessage() {
        return serverMessage;
    }

    /** WeChat Pay's {@code detail} object (e.g. {@code field} as a JSON Pointer), or null. */
    public @Nullable JsonNode detail() {
        return detail;
    }

    /** {@code detail.field} when WeChat Pay named one, else null. */
    public @Nullable String field() {
        return detail == null || !detail.path("field").isString() ? null : detail.path("field").stringValue();
    }

    /** {@code detail.sign_information} of a SIGN_ERROR, or null. */
    public @Nullable JsonNode signInformation() {
        return detail == null || !detail.has("sign_information") ? null : detail.get("sign_information");
    }

    /** The byte length of the message this client signed for the failed attempt, or -1. */
    public int signedMessageLength() {
        return signedMessageLength;
    }

    public boolean isThrottling() {
        return status == 429;
    }

    /**
     * Whether the answer is about the merchant (credentials, serial, permissions: any 401, {@code SIGN_ERROR},
     * {@code NO_AUTH}, {@code MCH_NOT_EXISTS}) rather than the request: every other call would get it too.
     */
    public boolean isAboutMerchant() {
        return status == 401 || MERCHANT_CODES.contains(code);
    }

    @Override
    public boolean isRetryable() {
        return status == 202 || status == 429 || status >= 500;
    }

    /** True for a 5xx and for a verified 2xx whose body could not be accepted; a 202 asks to repeat the request. */
    @Override
    public boolean mayHaveActed() {
        return status >= 500 || status >= 200 && status < 300 && status != 202;
    }
}
