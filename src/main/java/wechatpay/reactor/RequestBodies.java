package wechatpay.reactor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bytes of a request body, as {@link Chain} documents: a JSON object without {@code null} members, JSON
 * text sent as it is, or raw bytes. A body that cannot be sent as WeChat Pay expects is a
 * {@link ValidationException} naming {@code body}, before anything is signed.
 */
final class RequestBodies {
    private static final byte[] NONE = new byte[0];

    private RequestBodies() {
    }

    static byte[] encode(JsonMapper json, Object body) {
        if (body == null) {
            return NONE;
        }
        if (body instanceof byte[] raw) {
            return raw.clone();
        }
        if (body instanceof String text) {
            requireObject(parse(json, text), "a String body is sent as JSON text as it is, and must be a JSON object");
            return text.getBytes(StandardCharsets.UTF_8);
        }
        JsonNode tree;
        try {
            tree = body instanceof JsonNode node ? node : json.valueToTree(body);
        } catch (JacksonException e) {
            throw new ValidationException("body", body.getClass().getSimpleName() + " cannot be written as JSON ("
                    + e.getClass().getSimpleName() + ")");
        }
        requireObject(tree, "expected something written as a JSON object (a record, a Map, an ObjectNode), found "
                + body.getClass().getSimpleName());
        return json.writeValueAsBytes(hasNull(tree, "") ? withoutNulls(tree.deepCopy()) : tree);
    }

    private static JsonNode parse(JsonMapper json, String text) {
        try {
            return json.readTree(text);
        } catch (JacksonException e) {
            throw new ValidationException("body", "a String body is sent as JSON text as it is, and this is not JSON ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static void requireObject(JsonNode tree, String rule) {
        if (tree == null || !tree.isObject()) {
            throw new ValidationException("body", rule + (tree == null ? "" : " (it is " + tree.getNodeType() + ")"));
        }
    }

    /** Whether a {@code null} appears anywhere; an array holding one is refused, naming where. */
    private static boolean hasNull(JsonNode node, String at) {
        boolean found = false;
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                found |= member.getValue().isNull() || hasNull(member.getValue(), at + "/" + pointerToken(member.getKey()));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isNull()) {
                    throw new ValidationException("body", "null at " + at + "/" + i
                            + ": WeChat Pay takes no JSON null; leave the element out");
                }
                found |= hasNull(node.get(i), at + "/" + i);
            }
        }
        return found;
    }

    /** A member name as a JSON Pointer token (RFC 6901: {@code ~} is {@code ~0}, {@code /} is {@code ~1}). */
    private static String pointerToken(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> nulls = new ArrayList<>();
            object.properties().forEach(member -> {
                if (member.getValue().isNull()) {
                    nulls.add(member.getKey());
                } else {
                    withoutNulls(member.getValue());
                }
            });
            object.remove(nulls);
        } else if (node.isArray()) {
            node.forEach(RequestBodies::withoutNulls);
        }
        return node;
    }
}
