package wechatpay.reactor.notification;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.creditrepayment.Contract;
import wechatpay.reactor.creditrepayment.DeductOrderRecord;
import wechatpay.reactor.notification.NotificationException.Reason;

/**
 * Turns a verified envelope and its decrypted resource into the typed {@link Notification} of its event type,
 * reading contracts and deduct orders with their own {@code fromJson}. A malformed resource is
 * {@link Reason#BAD_RESOURCE} naming the field, never showing its value.
 */
final class EventReader {
    /** The field a {@code fromJson} message starts with: {@code plan_id: required, ...}. */
    private static final Pattern FIELD = Pattern.compile("^([A-Za-z0-9_.\\[\\]]+): ");

    private EventReader() {
    }

    static Notification read(Envelope e, JsonNode resource) {
        return switch (e.eventType()) {
            case Notification.ContractSigned.EVENT_TYPE -> new Notification.ContractSigned(e.id(), e.createTime(),
                    e.eventType(), e.summary(), optionalText(resource, "sp_mchid"),
                    typed(resource, "contract", Contract::fromJson));
            case Notification.ContractTerminated.EVENT_TYPE -> new Notification.ContractTerminated(e.id(),
                    e.createTime(), e.eventType(), e.summary(), optionalText(resource, "sp_mchid"),
                    typed(resource, "contract", Contract::fromJson));
            case Notification.DeductionPaid.EVENT_TYPE -> new Notification.DeductionPaid(e.id(), e.createTime(),
                    e.eventType(), e.summary(), optionalText(resource, "sp_mchid"),
                    optionalText(resource, "sub_mchid"), typed(resource, "deduct order", DeductOrderRecord::fromJson));
            default -> new Notification.Other(e.id(), e.createTime(), e.eventType(), e.summary(), resource);
        };
    }

    private static <T> T typed(JsonNode resource, String what, Function<JsonNode, T> fromJson) {
        if (!resource.isObject()) {
            throw new NotificationException(Reason.BAD_RESOURCE, "the decrypted resource is not a JSON object");
        }
        try {
            return fromJson.apply(resource);
        } catch (IllegalArgumentException e) {
            Matcher field = FIELD.matcher(String.valueOf(e.getMessage()));
            throw new NotificationException(Reason.BAD_RESOURCE, "the decrypted resource is not a valid " + what
                    + (field.find() ? " (field " + field.group(1) + " is missing or malformed)" : ""));
        }
    }

    /** Absent, null and empty are all empty. */
    private static Optional<String> optionalText(JsonNode resource, String field) {
        JsonNode value = resource.isObject() ? resource.get(field) : null;
        if (value == null || value.isNull() || value.isMissingNode()) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw new NotificationException(Reason.BAD_RESOURCE, field + ": expected a JSON string");
        }
        return value.stringValue().isEmpty() ? Optional.empty() : Optional.of(value.stringValue());
    }
}
