package wechatpay.reactor.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP request as the pipeline sees it: method, path and query exactly as they go on the wire (already
 * percent-encoded), headers, the body bytes that are signed and sent, and the path template it was expanded from
 * ({@code /v3/.../{out_record_id}}, for metrics and logs; the path itself when it had none).
 */
public record RawRequest(String method, String pathAndQuery, Map<String, String> headers, byte[] body,
        String template) {
    private static final byte[] EMPTY = new byte[0];

    public RawRequest {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = body == null ? EMPTY : body;
        template = template == null ? path(pathAndQuery) : template;
    }

    /** A request whose template is its path. */
    public RawRequest(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        this(method, pathAndQuery, headers, body, null);
    }

    public RawRequest withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new RawRequest(method, pathAndQuery, h, body, template);
    }

    /** This request, with {@code name} set unless it already has that header (names ignore case). */
    public RawRequest withHeaderIfAbsent(String name, String value) {
        for (String present : headers.keySet()) {
            if (present.equalsIgnoreCase(name)) {
                return this;
            }
        }
        return withHeader(name, value);
    }

    /** {@code METHOD /path} without the query, for messages: what {@code WechatPayException.call()} gives. */
    public String call() {
        return method + ' ' + path();
    }

    /** The path without the query. */
    public String path() {
        return path(pathAndQuery);
    }

    private static String path(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }

    @Override
    public String toString() {
        return "RawRequest[" + call() + ", " + body.length + " bytes]";
    }
}
