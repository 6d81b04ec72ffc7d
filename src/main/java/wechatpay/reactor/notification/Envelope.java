package wechatpay.reactor.notification;

import java.time.OffsetDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.internal.WireReader;
import wechatpay.reactor.notification.NotificationException.Reason;

/**
 * The callback envelope of a verified body: {@code id, create_time, event_type, summary} and the sealed
 * {@code resource}, read with the one {@link WireReader}. {@code resource_type} and {@code resource.original_type}
 * are not checked (an official example carries a copy-pasted {@code original_type}). A missing or null
 * {@code associated_data} is empty, as for AES-GCM they are the same; a missing {@code summary} is empty.
 * Messages name fields, never their values.
 */
record Envelope(String id, OffsetDateTime createTime, String eventType, String summary, String algorithm,
        String nonce, String associatedData, String ciphertext) {

    /** The field a {@link WireReader} message starts with: {@code resource.nonce: required, ...}. */
    private static final Pattern FIELD = Pattern.compile("^([A-Za-z0-9_.\\[\\]]+): ");

    static Envelope read(JsonNode root) {
        if (!root.isObject()) {
            throw new NotificationException(Reason.BAD_ENVELOPE, "the body is JSON but not an object");
        }
        try {
            WireReader r = WireReader.of(root, "callback");
            WireReader resource = r.optionalObject("resource")
                    .orElseThrow(() -> new IllegalArgumentException("resource: required, missing from the callback"));
            return new Envelope(r.text("id"), r.time("create_time"), r.text("event_type"),
                    r.optionalText("summary").orElse(""), resource.text("algorithm"),
                    resource.text("nonce"), resource.optionalText("associated_data").orElse(""),
                    resource.text("ciphertext"));
        } catch (IllegalArgumentException e) {
            throw new NotificationException(Reason.BAD_ENVELOPE, fieldOnly(e, "callback"));
        }
    }

    /** A reader's message cut to the field it names, so that no value of the callback reaches a message. */
    static String fieldOnly(IllegalArgumentException e, String what) {
        Matcher field = FIELD.matcher(String.valueOf(e.getMessage()));
        return field.find() ? field.group(1) + ": missing or malformed in the " + what : "the " + what + " is malformed";
    }

    @Override
    public String toString() {
        return "Envelope[id=" + id + ", eventType=" + eventType + ", algorithm=" + algorithm + ", ciphertext=redacted]";
    }
}
