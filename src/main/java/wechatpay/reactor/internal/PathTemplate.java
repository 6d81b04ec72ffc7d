package wechatpay.reactor.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import wechatpay.reactor.ValidationException;

/**
 * Expands {@code v3/.../{name}} with parameters: each {@code {name}} is replaced by its value percent-encoded
 * (UTF-8, RFC 3986 unreserved characters kept, case never changed); the parameters no variable consumed become
 * the query string, in their map order.
 */
public final class PathTemplate {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathTemplate() {
    }

    public static String expand(String template, Map<String, ?> params) {
        String path = checkPath(template);
        Map<String, Object> values = values(params);
        Map<String, Object> rest = new LinkedHashMap<>(values);
        StringBuilder out = new StringBuilder(path.length() + 32);
        int i = 0;
        while (i < path.length()) {
            int open = path.indexOf('{', i);
            if (open < 0) {
                out.append(path, i, path.length());
                break;
            }
            int close = path.indexOf('}', open);
            if (close < 0) {
                throw new ValidationException("path", "unclosed '{' in '" + Excerpt.of(template) + "'");
            }
            out.append(path, i, open).append(segment(template, path.substring(open + 1, close), values, rest));
            i = close + 1;
        }
        char separator = '?';
        for (Map.Entry<String, Object> e : rest.entrySet()) {
            out.append(separator).append(encode(e.getKey())).append('=').append(encode(e.getValue().toString()));
            separator = '&';
        }
        return out.toString();
    }

    /** The template as an absolute {@code /v3/...} path without a query. */
    /** The template as a path: with its leading {@code /}. */
    public static String normalize(String template) {
        return template.startsWith("/") ? template : "/" + template;
    }

    private static String checkPath(String template) {
        if (template == null || template.isBlank()) {
            throw new ValidationException("path", "expected an APIv3 path like v3/credit-repayment/..., found nothing");
        }
        String path = normalize(template);
        if (!path.startsWith("/v3/") || path.contains("?") || path.contains("#")) {
            throw new ValidationException("path", "expected an APIv3 path starting with v3/ and without a query, found '"
                    + Excerpt.of(template) + "'");
        }
        return path;
    }

    /** The parameters in their order; none may be null. */
    private static Map<String, Object> values(Map<String, ?> params) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (params != null) {
            params.forEach((k, v) -> {
                if (k == null || v == null) {
                    throw new ValidationException(k == null ? "params" : k, "must not be null; omit it instead");
                }
                values.put(k, v);
            });
        }
        return values;
    }

    /** The encoded value of variable {@code name}; it leaves {@code rest}, which becomes the query. */
    private static String segment(String template, String name, Map<String, Object> values, Map<String, Object> rest) {
        if (name.isEmpty()) {
            throw new ValidationException("path", "an empty variable '{}' in '" + Excerpt.of(template) + "'");
        }
        Object value = values.get(name);
        rest.remove(name);
        if (value == null) {
            throw new ValidationException(name, "the path needs a value for {" + name + "}");
        }
        String text = value.toString();
        if (text.isEmpty()) {
            throw new ValidationException(name, "must not be empty: it is a path segment");
        }
        return encode(text);
    }

    /** RFC 3986 percent-encoding of everything but unreserved characters, upper-case hex, case of the text kept. */
    public static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return out.toString();
    }

}
