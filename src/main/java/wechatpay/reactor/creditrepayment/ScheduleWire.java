package wechatpay.reactor.creditrepayment;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.internal.Excerpt;

/**
 * JSON tree mapping of schedule repayment: items to a batch-create request body, response objects to records.
 * Requests never carry JSON null (absent optionals are omitted) and carry amounts as strings; responses are
 * read leniently (unknown fields ignored, optional fields may be missing or null, amounts as strings or numbers),
 * and a record that leaves out optional fields ({@code contract_id}, {@code sub_appid},
 * {@code min_repayment_amount}, {@code description}, {@code attach}) takes them from what was asked.
 */
final class ScheduleWire {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ScheduleWire() {
    }

    /** The batch-create body for one item (WeChat Pay takes exactly one per call); the item should be valid. */
    static ObjectNode request(ScheduleItem item) {
        Objects.requireNonNull(item, "item");
        ObjectNode body = NODES.objectNode();
        body.put("contract_id", required("contract_id", item.contractId()));
        body.put("appid", required("appid", item.appid()));
        body.put("openid", required("openid", item.openid()));
        body.putArray("schedule_items").add(item(item));
        return body;
    }

    private static ObjectNode item(ScheduleItem item) {
        ObjectNode node = NODES.objectNode();
        node.put("out_record_id", item.outRecordId());
        node.put("sub_mchid", required("sub_mchid", item.subMchid()));
        item.subAppid().ifPresent(v -> node.put("sub_appid", v));
        node.put("repayment_amount", Long.toString(item.repaymentAmount()));
        item.minRepaymentAmount().ifPresent(v -> node.put("min_repayment_amount", Long.toString(v)));
        LocalDate date = required("repayment_date", item.repaymentDate());
        node.put("repayment_date", date.format(DateTimeFormatter.ISO_LOCAL_DATE));
        item.description().ifPresent(v -> node.put("description", v));
        item.attach().ifPresent(v -> node.put("attach", v));
        return node;
    }

    private static <T> T required(String field, T value) {
        if (value == null) {
            throw new ValidationException(field, "required");
        }
        return value;
    }

    /**
     * What a record that leaves out optional fields takes from what was asked: the request's values (or, for a
     * query, its {@code contract_id}). Null = nothing to take.
     */
    record Fallback(String contractId, String subAppid, Long minRepaymentAmount, String description, String attach) {
        static final Fallback NONE = new Fallback(null, null, null, null, null);

        static Fallback of(ScheduleItem item) {
            return new Fallback(item.contractId(), item.subAppid().orElse(null),
                    item.minRepaymentAmount().isPresent() ? item.minRepaymentAmount().getAsLong() : null,
                    item.description().orElse(null), item.attach().orElse(null));
        }

        static Fallback contract(String contractId) {
            return new Fallback(contractId, null, null, null, null);
        }
    }

    /** One schedule record object; a missing or malformed required field is an exception naming it. */
    static ScheduleRecord record(JsonNode node) {
        return record(node, Fallback.NONE);
    }

    static ScheduleRecord record(JsonNode node, Fallback fallback) {
        return record(node, "", fallback);
    }

    /** The record of {@code item} in a batch-create answer; an answer without it is an exception saying so. */
    static ScheduleRecord created(ScheduleItem item, JsonNode batchCreateResponse) {
        Fallback fallback = Fallback.of(item);
        for (ScheduleRecord r : records(batchCreateResponse, fallback)) {
            if (r.outRecordId().equals(item.outRecordId())) {
                return r;
            }
        }
        throw new IllegalArgumentException("schedule_records: the answer holds no record for out_record_id "
                + item.outRecordId());
    }

    /** The records of a batch-create response {@code {"schedule_records":[...]}}, in response order. */
    static List<ScheduleRecord> records(JsonNode batchCreateResponse) {
        return records(batchCreateResponse, Fallback.NONE);
    }

    private static List<ScheduleRecord> records(JsonNode batchCreateResponse, Fallback fallback) {
        if (batchCreateResponse == null || !batchCreateResponse.isObject()) {
            throw new IllegalArgumentException("batch-create response: expected a JSON object, found "
                    + describe(batchCreateResponse));
        }
        JsonNode array = value(batchCreateResponse, "schedule_records");
        if (array == null) {
            throw new IllegalArgumentException("schedule_records: missing from the batch-create response");
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException("schedule_records: expected an array, found " + describe(array));
        }
        List<ScheduleRecord> records = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            records.add(record(array.get(i), "schedule_records[" + i + "].", fallback));
        }
        return List.copyOf(records);
    }

    private static ScheduleRecord record(JsonNode node, String path, Fallback f) {
        if (node == null || !node.isObject()) {
            String where = path.isEmpty() ? "schedule record" : path.substring(0, path.length() - 1);
            throw new IllegalArgumentException(where + ": expected a JSON object, found " + describe(node));
        }
        return new ScheduleRecord(
                requiredString(node, path, "out_record_id"),
                requiredString(node, path, "appid"),
                optionalString(node, path, "sub_appid").or(() -> Optional.ofNullable(f.subAppid())),
                optionalString(node, path, "contract_id").or(() -> Optional.ofNullable(f.contractId()))
                        .orElseThrow(() -> missing(path, "contract_id")),
                amount(node, path, "repayment_amount").orElseThrow(() -> missing(path, "repayment_amount")),
                or(amount(node, path, "min_repayment_amount"), f.minRepaymentAmount()),
                date(node, path, "repayment_date"),
                requiredString(node, path, "openid"),
                optionalString(node, path, "description").or(() -> Optional.ofNullable(f.description())),
                optionalString(node, path, "attach").or(() -> Optional.ofNullable(f.attach())));
    }

    private static OptionalLong or(OptionalLong value, Long fallback) {
        return value.isPresent() || fallback == null ? value : OptionalLong.of(fallback);
    }

    /** The field's value, or {@code null} if it is missing or JSON null. */
    private static JsonNode value(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : value;
    }

    private static String requiredString(JsonNode node, String path, String field) {
        JsonNode value = value(node, field);
        if (value == null) {
            throw missing(path, field);
        }
        if (!value.isString() || value.stringValue().isEmpty()) {
            throw invalid(path, field, "expected a non-empty JSON string", value);
        }
        return value.stringValue();
    }

    /** An empty string counts as absent. */
    private static Optional<String> optionalString(JsonNode node, String path, String field) {
        JsonNode value = value(node, field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw invalid(path, field, "expected a JSON string", value);
        }
        String text = value.stringValue();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** A non-negative integer amount in fen, as a JSON string of digits or a JSON integer. */
    private static OptionalLong amount(JsonNode node, String path, String field) {
        JsonNode value = value(node, field);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= 0) {
            return OptionalLong.of(value.longValue());
        }
        if (value.isString()) {
            String text = value.stringValue();
            if (!text.isEmpty() && text.length() <= 19 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                try {
                    return OptionalLong.of(Long.parseLong(text));
                } catch (NumberFormatException tooLarge) {
                    // falls through to the error below
                }
            }
        }
        throw invalid(path, field, "expected a non-negative integer amount in fen (JSON string or number)", value);
    }

    private static LocalDate date(JsonNode node, String path, String field) {
        JsonNode value = value(node, field);
        if (value == null) {
            throw missing(path, field);
        }
        if (value.isString()) {
            try {
                return LocalDate.parse(value.stringValue(), DateTimeFormatter.ISO_LOCAL_DATE);
            } catch (DateTimeParseException e) {
                // falls through to the error below
            }
        }
        throw invalid(path, field, "expected a yyyy-MM-dd date string", value);
    }

    private static IllegalArgumentException missing(String path, String field) {
        return new IllegalArgumentException(path + field + ": required, missing from the schedule record");
    }

    private static IllegalArgumentException invalid(String path, String field, String expected, JsonNode value) {
        return new IllegalArgumentException(path + field + ": " + expected + ", found " + describe(value));
    }

    private static String describe(JsonNode value) {
        if (value == null) {
            return "nothing";
        }
        return value.isString() ? Excerpt.quoted(value.stringValue()) : Excerpt.of(value.toString());
    }

}
