package wechatpay.reactor.notification;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.notification.NotificationException.Reason;

/**
 * The callback envelope of a verified body: {@code id, create_time, event_type, summary} and the sealed
 * {@code resource}. {@code resource_type} and {@code resource.original_type} are not checked (an official example
 * carries a copy-pasted {@code original_type}). A missing or null {@code associated_data} is empty, as for AES-GCM
 * they are the same; a missing {@code summary} is empty. Messages name fields, never their values.
 */
record Envelope(String id, OffsetDateTime createTime, String eventType, String summary, String algorithm,
        String nonce, String associatedData, String ciphertext) {

    static Envelope read(JsonNode root) {
        if (!root.isObject()) {
            throw bad("the body is JSON but not an object");
        }
        JsonNode resource = value(root, "resource");
        if (resource == null) {
            throw bad("resource: required, missing from the callback");
        }
        if (!resource.isObject()) {
            throw bad("resource: expected a JSON object");
        }
        return new Envelope(text(root, "id", ""), time(root, "create_time"), text(root, "event_type", ""),
                optionalText(root, "summary", ""), text(resource, "algorithm", "resource."),
                text(resource, "nonce", "resource."), optionalText(resource, "associated_data", "resource."),
                text(resource, "ciphertext", "resource."));
    }

    private static String text(JsonNode node, String field, String path) {
        String text = optionalText(node, field, path);
        if (text.isEmpty()) {
            throw bad(path + field + ": required, missing or empty in the callback");
        }
        return text;
    }

    /** Absent, null and empty are all "". */
    private static String optionalText(JsonNode node, String field, String path) {
        JsonNode value = value(node, field);
        if (value == null) {
            return "";
        }
        if (!value.isString()) {
            throw bad(path + field + ": expected a JSON string");
        }
        return value.stringValue();
    }

    private static OffsetDateTime time(JsonNode node, String field) {
        String text = text(node, field, "");
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw bad(field + ": expected an RFC 3339 time such as 2026-01-01T10:00:00+08:00");
        }
    }

    private static JsonNode value(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : value;
    }

    private static NotificationException bad(String message) {
        return new NotificationException(Reason.BAD_ENVELOPE, message);
    }

    @Override
    public String toString() {
        return "Envelope[id=" + id + ", eventType=" + eventType + ", algorithm=" + algorithm + ", ciphertext=redacted]";
    }
}
