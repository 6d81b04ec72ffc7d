package wechatpay.reactor.sandbox;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads one JSON object of a request body field by field. The first broken rule ends the request: it is thrown as
 * {@link Rejected}, carrying a 400 {@code PARAM_ERROR} whose {@code detail} names the field as a JSON Pointer.
 * Rules shared by every field: present values are never JSON {@code null} (checked for the whole body up front),
 * strings are JSON strings, non-empty (omit an optional field instead) and hold no 4-byte UTF-8 character.
 */
final class ParamRules {

    static final Pattern ALNUM = Pattern.compile("[0-9A-Za-z]+");
    static final Pattern TRADE_NO = Pattern.compile("[0-9A-Za-z_-]+");
    private static final Pattern FEN = Pattern.compile("[1-9][0-9]{0,17}");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");
    private static final DateTimeFormatter ISO_DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final int MAX_ECHOED_VALUE = 64;
    private static final String BODY = "body";

    private final ObjectNode node;
    private final String pointer;

    private ParamRules(ObjectNode node, String pointer) {
        this.node = node;
        this.pointer = pointer;
    }

    /** The request body: a JSON object with no {@code null} and no 4-byte character anywhere, unknown fields included. */
    static ParamRules body(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw paramError("", null, "the request body must be a JSON object", BODY);
        }
        scan(body, "");
        return new ParamRules((ObjectNode) body, "");
    }

    /** A required string of 1 to {@code max} characters. */
    String text(String name, int max) {
        return string(name, true, max, true);
    }

    /** An optional string of 1 to {@code max} characters, {@code null} when absent. */
    String optionalText(String name, int max) {
        return string(name, false, max, true);
    }

    /** A required string of 1 to {@code max} characters whose value a refusal never shows: a ciphertext. */
    String sealedText(String name, int max) {
        return string(name, true, max, false);
    }

    /** An optional {@link #sealedText}, {@code null} when absent. */
    String optionalSealedText(String name, int max) {
        return string(name, false, max, false);
    }

    /** A required string that is one of {@code allowed}. */
    String oneOf(String name, Set<String> allowed) {
        String value = text(name, 64);
        if (!allowed.contains(value)) {
            throw reject(name, name + " must be one of " + new TreeSet<>(allowed));
        }
        return value;
    }

    /** A required identifier of 1 to {@code max} characters, all matching {@code charset}. */
    String code(String name, int max, Pattern charset, String allowed) {
        String value = text(name, max);
        if (!charset.matcher(value).matches()) {
            throw reject(name, name + " may contain only " + allowed);
        }
        return value;
    }

    /** A required amount in fen: a JSON string of a positive integer, no sign, no leading zero, at most 18 digits. */
    long fen(String name) {
        Long value = optionalFen(name);
        if (value == null) {
            throw reject(name, name + " is required");
        }
        return value;
    }

    Long optionalFen(String name) {
        JsonNode value = node.get(name);
        if (value == null) {
            return null;
        }
        if (!value.isString() || !FEN.matcher(value.stringValue()).matches()) {
            throw reject(name, name + " must be a JSON string of a positive integer amount in fen"
                    + " (1 to 18 digits, no sign, no leading zero), e.g. \"10000\" for 100.00 yuan");
        }
        return Long.parseLong(value.stringValue());
    }

    /** A required {@code yyyy-MM-dd} date that exists and lies in {@code [first, last]}. */
    LocalDate date(String name, LocalDate first, LocalDate last) {
        String text = text(name, 32);
        LocalDate date;
        try {
            date = DATE.matcher(text).matches() ? LocalDate.parse(text, ISO_DATE) : null;
        } catch (DateTimeParseException e) {
            date = null;
        }
        if (date == null) {
            throw reject(name, name + " must be a real calendar date written yyyy-MM-dd");
        }
        if (date.isBefore(first) || date.isAfter(last)) {
            throw reject(name, name + " must be from " + first + " to " + last
                    + " (booking day + 1 to booking day + 14, Beijing time)");
        }
        return date;
    }

    /** An optional JSON integer in {@code [min, max]}, {@code null} when absent. */
    Integer optionalInt(String name, int min, int max) {
        JsonNode value = node.get(name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            throw reject(name, name + " must be a JSON integer from " + min + " to " + max);
        }
        return value.intValue();
    }

    /**
     * A required notification URL of at most {@code max} characters: absolute {@code https}, or {@code http} for a
     * loopback host only (this is a sandbox); no query string and no fragment.
     */
    String url(String name, int max) {
        return checkedUrl(name, text(name, max));
    }

    /** An optional {@link #url}, {@code null} when absent. */
    String optionalUrl(String name, int max) {
        String text = optionalText(name, max);
        return text == null ? null : checkedUrl(name, text);
    }

    private String checkedUrl(String name, String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw reject(name, name + " must be an absolute https URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = host.equals("localhost") || host.equals("[::1]") || IPV4_LOOPBACK.matcher(host).matches();
        if (host.isEmpty() || !(scheme.equals("https") || scheme.equals("http") && loopback)) {
            throw reject(name, name + " must be an absolute https URL (http only for a loopback host)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw reject(name, name + " must not carry a query string or a fragment");
        }
        return text;
    }

    /** A nested object; {@code null} when absent and optional. */
    ParamRules object(String name, boolean required) {
        JsonNode value = node.get(name);
        if (value == null) {
            if (required) {
                throw reject(name, name + " is required");
            }
            return null;
        }
        if (!value.isObject()) {
            throw reject(name, name + " must be a JSON object");
        }
        return new ParamRules((ObjectNode) value, child(name));
    }

    /** A required array that must hold exactly one object; returns that object. */
    ParamRules onlyItem(String name, String limitNote) {
        JsonNode value = node.get(name);
        if (value == null) {
            throw reject(name, name + " is required");
        }
        if (!value.isArray() || value.size() != 1) {
            throw reject(name, name + " must be an array of exactly 1 item (" + limitNote + ")");
        }
        String at = child(name) + "/0";
        if (!value.get(0).isObject()) {
            throw paramError(at, null, name + " items must be JSON objects", BODY);
        }
        return new ParamRules((ObjectNode) value.get(0), at);
    }

    /** A 400 PARAM_ERROR for field {@code name} of this object, echoing its value when short and safe. */
    Rejected reject(String name, String issue) {
        return paramError(child(name), node.get(name), issue, BODY);
    }

    /** A 400 PARAM_ERROR for field {@code name} of this object that never shows its value. */
    Rejected rejectUnseen(String name, String issue) {
        return paramError(child(name), null, issue, BODY);
    }

    /** A required query parameter, at most {@code max} characters. */
    static String query(Map<String, String> query, String name, int max) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            throw paramError(name, null, "query parameter " + name + " is required", "query");
        }
        if (value.length() > max) {
            throw paramError(name, null, "query parameter " + name + " must be at most " + max + " characters", "query");
        }
        return value;
    }

    static Rejected paramError(String field, JsonNode value, String issue, String location) {
        ObjectNode detail = JsonNodeFactory.instance.objectNode();
        detail.put("field", field);
        JsonNode echoed = echo(value);
        if (echoed != null) {
            detail.set("value", echoed);
        }
        detail.put("issue", issue);
        detail.put("location", location);
        return new Rejected(Answer.error(400, "PARAM_ERROR", issue, detail));
    }

    static Rejected invalidRequest(String message) {
        return new Rejected(Answer.error(400, "INVALID_REQUEST", message, null));
    }

    /** 400 PARAM_ERROR: the body does not parse as JSON. */
    static Rejected notJson() {
        ObjectNode detail = JsonNodeFactory.instance.objectNode();
        detail.put("location", BODY);
        detail.put("issue", "the body is not valid JSON");
        return new Rejected(Answer.error(400, "PARAM_ERROR", "the body is not valid JSON", detail));
    }

    /** 409 {@code CONFLICT}: a sandbox control request on something not in the state it needs. */
    static Rejected conflict(String message) {
        return new Rejected(Answer.error(409, "CONFLICT", message, null));
    }

    static Rejected notFound(String code, String message) {
        return new Rejected(Answer.error(404, code, message, null));
    }

    private String string(String name, boolean required, int max, boolean echo) {
        JsonNode value = node.get(name);
        if (value == null) {
            if (required) {
                throw reject(name, name + " is required");
            }
            return null;
        }
        String issue = null;
        if (!value.isString()) {
            issue = name + " must be a JSON string";
        } else if (value.stringValue().isEmpty()) {
            issue = name + " must not be empty (omit an optional field instead)";
        } else if (value.stringValue().length() > max) {
            issue = name + " must be at most " + max + " characters, got " + value.stringValue().length();
        }
        if (issue != null) {
            throw echo ? reject(name, issue) : rejectUnseen(name, issue);
        }
        return value.stringValue();
    }

    private String child(String name) {
        return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    private static void scan(JsonNode value, String at) {
        if (value.isNull()) {
            throw paramError(at, null, "JSON null is not allowed; omit the field instead", BODY);
        }
        if (value.isString() && hasSupplementary(value.stringValue())) {
            throw paramError(at, null, "strings must not contain 4-byte UTF-8 characters (above U+FFFF)", BODY);
        }
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                String child = at + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
                if (hasSupplementary(e.getKey())) {
                    throw paramError(child, null, "field names must not contain 4-byte UTF-8 characters", BODY);
                }
                scan(e.getValue(), child);
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                scan(value.get(i), at + "/" + i);
            }
        }
    }

    /** Any surrogate: a pair is a code point above U+FFFF (4 bytes in UTF-8); a lone one is not UTF-8 at all. */
    private static boolean hasSupplementary(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The offending value, when it is a short scalar safe to show back; otherwise {@code null}. */
    private static JsonNode echo(JsonNode value) {
        if (value == null || !value.isValueNode() || value.isNull()) {
            return null;
        }
        String text = value.isString() ? value.stringValue() : value.toString();
        if (text.length() > MAX_ECHOED_VALUE || text.chars().anyMatch(c -> c < 0x20 || Character.isSurrogate((char) c))) {
            return null;
        }
        return value;
    }

    /** Ends a request with a ready error answer; cheap (no stack trace), caught by the ledger's router. */
    static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Answer answer;

        Rejected(Answer answer) {
            super(answer.body().path("message").asString(), null, false, false);
            this.answer = answer;
        }

        Answer answer() {
            return answer;
        }
    }
}
