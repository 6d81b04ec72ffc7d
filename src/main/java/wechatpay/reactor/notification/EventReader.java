package wechatpay.reactor.notification;

import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.creditrepayment.Contract;
import wechatpay.reactor.creditrepayment.DeductOrderRecord;
import wechatpay.reactor.internal.WireReader;
import wechatpay.reactor.notification.NotificationException.Reason;

/**
 * Turns a verified envelope and its decrypted resource into the typed {@link Notification} of its event type,
 * reading contracts and deduct orders with their own {@code fromJson}. A malformed resource is
 * {@link Reason#BAD_RESOURCE} naming the field, never showing its value.
 */
final class EventReader {
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
            throw new NotificationException(Reason.BAD_RESOURCE, "the decrypted resource is not a valid " + what + ": "
                    + Envelope.fieldOnly(e, what));
        }
    }

    /** Absent, null and empty are all empty. */
    private static Optional<String> optionalText(JsonNode resource, String field) {
        if (!resource.isObject()) {
            return Optional.empty();
        }
        try {
            return WireReader.of(resource, "resource").optionalText(field);
        } catch (IllegalArgumentException e) {
            throw new NotificationException(Reason.BAD_RESOURCE, Envelope.fieldOnly(e, "resource"));
        }
    }
}
