package wechatpay.reactor;

import java.util.Map;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.PathTemplate;
import wechatpay.reactor.internal.RawRequest;
import wechatpay.reactor.internal.RawResponse;

/**
 * Any APIv3 endpoint by its path, like wechatpay-php's {@code chain()}: {@code {name}} variables in the path are
 * filled from the parameters (percent-encoded, case kept) and the other parameters become the query. A body is
 * any object Jackson can write, or {@code byte[]} sent exactly as given. Every call is validated, signed,
 * verified, retried and mapped to errors like the typed ones. Immutable and thread-safe; nothing is sent before
 * subscription.
 *
 * <pre>{@code
 * Mono<ApiResponse<JsonNode>> record = client
 *     .chain("v3/credit-repayment/partner/schedule-records/{out_record_id}")
 *     .get(Map.of("out_record_id", "R20261201001", "contract_id", "20251105000000123456789"));
 * }</pre>
 */
public final class Chain {
    private final WechatPayClient client;
    private final String template;

    Chain(WechatPayClient client, String template) {
        this.client = client;
        this.template = template;
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

    public Mono<ApiResponse<JsonNode>> post(Object body) {
        return send("POST", Map.of(), body, JsonNode.class);
    }

    public Mono<ApiResponse<JsonNode>> post(Map<String, ?> params, Object body) {
        return send("POST", params, body, JsonNode.class);
    }

    public <T> Mono<ApiResponse<T>> post(Map<String, ?> params, Object body, Class<T> type) {
        return send("POST", params, body, type);
    }

    public Mono<ApiResponse<JsonNode>> put(Map<String, ?> params, Object body) {
        return send("PUT", params, body, JsonNode.class);
    }

    public <T> Mono<ApiResponse<T>> put(Map<String, ?> params, Object body, Class<T> type) {
        return send("PUT", params, body, type);
    }

    public Mono<ApiResponse<JsonNode>> patch(Map<String, ?> params, Object body) {
        return send("PATCH", params, body, JsonNode.class);
    }

    public <T> Mono<ApiResponse<T>> patch(Map<String, ?> params, Object body, Class<T> type) {
        return send("PATCH", params, body, type);
    }

    private <T> Mono<ApiResponse<T>> send(String method, Map<String, ?> params, Object body, Class<T> type) {
        return Mono.defer(() -> {
            RawRequest request = new RawRequest(method, PathTemplate.expand(template, params), Map.of(), encode(body));
            return client.pipeline().execute(() -> request).map(response -> decode(request.describe(), response, type));
        });
    }

    private byte[] encode(Object body) {
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof byte[] raw) {
            return raw.clone();
        }
        try {
            return client.json().writeValueAsBytes(body);
        } catch (JacksonException e) {
            throw new ValidationException("body", "cannot be written as JSON (" + e.getClass().getSimpleName() + ")");
        }
    }

    private <T> ApiResponse<T> decode(String call, RawResponse response, Class<T> type) {
        String requestId = response.header(Headers.REQUEST_ID);
        T body = null;
        if (response.body().length > 0) {
            try {
                body = type == JsonNode.class ? type.cast(client.json().readTree(response.body()))
                        : client.json().readValue(response.body(), type);
            } catch (JacksonException e) {
                throw client.errors().unexpected(call, requestId, response.status(), "the body is not the expected JSON ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        return new ApiResponse<>(call, response.status(), response.headers(), requestId, body, client.errors());
    }

    @Override
    public String toString() {
        return "Chain[" + template + "]";
    }
}
