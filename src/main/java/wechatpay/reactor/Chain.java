package wechatpay.reactor;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.PathTemplate;
import wechatpay.reactor.internal.RawRequest;
import wechatpay.reactor.internal.RawAnswer;

/**
 * Any APIv3 endpoint by its path, like wechatpay-php's {@code chain()}: {@code {name}} variables in the path are
 * filled from the parameters (percent-encoded, case kept) and the other parameters become the query. Every call
 * is validated, signed, verified, retried and mapped to errors like the typed ones. Immutable and thread-safe;
 * nothing is sent before subscription.
 *
 * <p>Bodies: any object Jackson writes as a JSON object (a record, a {@code Map}, a {@code JsonNode}); members
 * that are {@code null} or an empty {@code Optional} are left out, as WeChat Pay wants (a {@code null} inside an
 * array is refused). A {@code String} is JSON text and is sent as it is, byte for byte in UTF-8 (it must parse as
 * a JSON object); a {@code byte[]} is sent exactly as given. Anything else that is not a JSON object fails before
 * sending, naming {@code body}.
 *
 * <pre>{@code
 * Mono<ApiResponse<JsonNode>> record = client
 *     .chain("v3/credit-repayment/partner/schedule-records/{out_record_id}")
 *     .get(Map.of("out_record_id", "R20261201001", "contract_id", "20251105000000123456789"));
 * Mono<ApiResponse<JsonNode>> presign = client.chain("v3/credit-repayment/partner/contracts/h5-presign")
 *     .header("Wechatpay-Serial", publicKeyId)        // the key real_identity was encrypted for
 *     .post(body);
 * }</pre>
 */
public final class Chain {
    /** Headers the client sets itself on every request. */
    private static final Set<String> RESERVED = Set.of("authorization", "accept", "content-type", "user-agent",
            "content-length", "host", "transfer-encoding", "connection");

    private final WechatPayClient client;
    private final String template;
    private final Map<String, String> headers;
    private final boolean retried;

    Chain(WechatPayClient client, String template) {
        this(client, template, Map.of(), true);
    }

    private Chain(WechatPayClient client, String template, Map<String, String> headers, boolean retried) {
        this.client = client;
        this.template = template;
        this.headers = headers;
        this.retried = retried;
    }

    /**
     * This endpoint with one more request header, for example {@code Wechatpay-Serial} naming the WeChat Pay key
     * that encrypted a sensitive field (without it, every request names the key the client trusts first).
     * Headers the client sets itself (Authorization, Accept, Content-Type, User-Agent, ...) are refused.
     */
    public Chain header(String name, String value) {
        if (name == null || name.isBlank() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
            throw new ValidationException("header", "expected an HTTP header name, found "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new ValidationException("header", name + " is set by the client itself");
        }
        if (value == null || value.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            throw new ValidationException("header", name + ": expected a value on one line, found "
                    + (value == null ? "null" : "a line break"));
        }
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.keySet().removeIf(name::equalsIgnoreCase);     // header names ignore case: the last one set wins
        more.put(name, value);
        return new Chain(client, template, Map.copyOf(more), retried);
    }

    /** The same endpoint without the retry filter (for the create-or-reconcile operator). */
    Chain withoutRetry() {
        return new Chain(client, template, headers, false);
    }

    public Mono<ApiResponse<JsonNode>> get() {
        return get(Map.of());
    }

    public Mono<ApiResponse<JsonNode>> get(Map<String, ?> params) {
        return send("GET", params, null, JsonNode.class);
    }

    public <T> Mono<ApiResponse<T>> get(Map<String, ?> params, Class<T> type) {
        return send("GET", params, null, type);
    }

    public Mono<ApiResponse<JsonNode>> delete(Map<String, ?> params) {
        return send("DELETE", params, null, JsonNode.class);
    }

    public Mono<ApiResponse<JsonNode>> post(@Nullable Object body) {
        return send("POST", Map.of(), body, JsonNode.class);
    }

    public Mono<ApiResponse<JsonNode>> post(Map<String, ?> params, @Nullable Object body) {
        return send("POST", params, body, JsonNode.class);
    }

    public <T> Mono<ApiResponse<T>> post(Map<String, ?> params, @Nullable Object body, Class<T> type) {
        return send("POST", params, body, type);
    }

    public Mono<ApiResponse<JsonNode>> put(Map<String, ?> params, @Nullable Object body) {
        return send("PUT", params, body, JsonNode.class);
    }

    public <T> Mono<ApiResponse<T>> put(Map<String, ?> params, @Nullable Object body, Class<T> type) {
        return send("PUT", params, body, type);
    }

    public Mono<ApiResponse<JsonNode>> patch(Map<String, ?> params, @Nullable Object body) {
        return send("PATCH", params, body, JsonNode.class);
    }

    public <T> Mono<ApiResponse<T>> patch(Map<String, ?> params, @Nullable Object body, Class<T> type) {
        return send("PATCH", params, body, type);
    }

    private <T> Mono<ApiResponse<T>> send(String method, Map<String, ?> params, @Nullable Object body, Class<T> type) {
        return Mono.defer(() -> {
            RawRequest request = new RawRequest(method, PathTemplate.expand(template, params), headers,
                    RequestBodies.encode(client.json(), body), PathTemplate.normalize(template));
            return client.pipeline().execute(() -> request, retried)
                    .map(answer -> decode(request.call(), answer, type));
        });
    }

    private <T> ApiResponse<T> decode(String call, RawAnswer answer, Class<T> type) {
        String requestId = answer.header(Headers.REQUEST_ID);
        T body = null;
        if (answer.body().length > 0) {
            try {
                body = type == JsonNode.class ? type.cast(client.json().readTree(answer.body()))
                        : client.json().readValue(answer.body(), type);
            } catch (JacksonException e) {
                throw client.errors().unexpected(call, requestId, answer.status(), "the body is not the expected JSON ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        return new ApiResponse<>(call, answer.status(), answer.headers(), requestId, body, client.errors());
    }

    @Override
    public String toString() {
        return "Chain[" + template + (headers.isEmpty() ? "" : ", headers " + headers.keySet()) + "]";
    }
}
