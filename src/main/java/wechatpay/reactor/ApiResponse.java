package wechatpay.reactor;

import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A verified 2xx answer of WeChat Pay: status, headers (names ignore case), {@code Request-ID}, and the body
 * decoded as asked (a JSON tree, or a given type; null for an empty body such as 204). Immutable.
 *
 * @param <T> the body type
 */
public final class ApiResponse<T> {
    private final String call;
    private final int status;
    private final Map<String, String> headers;
    private final @Nullable String requestId;
    private final @Nullable T body;
    private final ErrorMapper errors;

    ApiResponse(String call, int status, Map<String, String> headers, @Nullable String requestId, @Nullable T body,
            ErrorMapper errors) {
        this.call = call;
        this.status = status;
        this.headers = headers;
        this.requestId = requestId;
        this.body = body;
        this.errors = errors;
    }

    public int status() {
        return status;
    }

    /** The answer's headers; lookups ignore case ({@code headers().get("wechatpay-serial")} works). */
    public Map<String, String> headers() {
        return headers;
    }

    public @Nullable String requestId() {
        return requestId;
    }

    /** The decoded body, or null when the answer had none. */
    public @Nullable T body() {
        return body;
    }

    /**
     * Decodes the body further; a decoder that fails (a missing field, an unexpected shape) becomes a
     * {@link WechatPayServiceException} with code {@code UNEXPECTED_RESPONSE}, naming the call and request id.
     */
    public <R> R decode(Function<? super @Nullable T, ? extends R> decoder) {
        try {
            return decoder.apply(body);
        } catch (RuntimeException e) {
            throw errors.unexpected(call, requestId, status, e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage());
        }
    }

    /** A {@code CONFLICT} error about this verified answer (see {@link WechatPayServiceException#CONFLICT}). */
    WechatPayServiceException conflict(String why) {
        return errors.conflict(call, requestId, status, why);
    }

    @Override
    public String toString() {
        return "ApiResponse[" + call + ", " + status + ", Request-ID " + requestId + "]";
    }
}
