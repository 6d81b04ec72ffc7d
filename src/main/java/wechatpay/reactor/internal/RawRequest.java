package wechatpay.reactor.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP request as the pipeline sees it: method, path and query exactly as they go on the wire (already
 * percent-encoded), headers, and the body bytes that are signed and sent.
 */
public record RawRequest(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
    private static final byte[] EMPTY = new byte[0];

    public RawRequest {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = body == null ? EMPTY : body;
    }

    public RawRequest withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new RawRequest(method, pathAndQuery, h, body);
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
        int q = pathAndQuery.indexOf('?');
        return method + ' ' + (q < 0 ? pathAndQuery : pathAndQuery.substring(0, q));
    }

    @Override
    public String toString() {
        return "RawRequest[" + call() + ", " + body.length + " bytes]";
    }
}
