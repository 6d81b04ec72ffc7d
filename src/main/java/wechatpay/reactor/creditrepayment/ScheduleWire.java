package wechatpay.reactor.creditrepayment;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.internal.WireReader;

/**
 * JSON tree mapping of schedule repayment: items to a batch-create request body, answer objects to records.
 * Requests never carry JSON null (absent optionals are omitted) and carry amounts as strings; answers are
 * read leniently (unknown fields ignored, optional fields may be missing or null, amounts as strings or numbers),
 * and a record that leaves out optional fields ({@code contract_id}, {@code sub_appid},
 * {@code min_repayment_amount}, {@code description}, {@code attach}) takes them from what was asked.
 */
final class ScheduleWire {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String RECORD = "schedule record";

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
        return record(WireReader.of(node, RECORD), fallback);
    }

    /** The record of {@code item} in a batch-create answer; an answer without it is an exception saying so. */
    static ScheduleRecord created(ScheduleItem item, JsonNode batchCreateAnswer) {
        Fallback fallback = Fallback.of(item);
        for (ScheduleRecord r : records(batchCreateAnswer, fallback)) {
            if (r.outRecordId().equals(item.outRecordId())) {
                return r;
            }
        }
        throw new IllegalArgumentException("schedule_records: the answer holds no record for out_record_id "
                + item.outRecordId());
    }

    /** The records of a batch-create answer {@code {"schedule_records":[...]}}, in answer order. */
    static List<ScheduleRecord> records(JsonNode batchCreateAnswer) {
        return records(batchCreateAnswer, Fallback.NONE);
    }

    private static List<ScheduleRecord> records(JsonNode batchCreateAnswer, Fallback fallback) {
        if (batchCreateAnswer == null || !batchCreateAnswer.isObject()) {
            throw new IllegalArgumentException("batch-create answer: expected a JSON object, found "
                    + WireReader.describe(batchCreateAnswer));
        }
        return WireReader.of(batchCreateAnswer, RECORD).objects("schedule_records", "batch-create answer")
                .stream().map(r -> record(r, fallback)).toList();
    }

    private static ScheduleRecord record(WireReader r, Fallback f) {
        return new ScheduleRecord(
                r.text("out_record_id"),
                r.text("appid"),
                r.optionalText("sub_appid").or(() -> Optional.ofNullable(f.subAppid())),
                r.optionalText("contract_id").or(() -> Optional.ofNullable(f.contractId()))
                        .orElseGet(() -> r.text("contract_id")),
                r.fen("repayment_amount"),
                or(r.optionalFen("min_repayment_amount"), f.minRepaymentAmount()),
                r.date("repayment_date"),
                r.text("openid"),
                r.optionalText("description").or(() -> Optional.ofNullable(f.description())),
                r.optionalText("attach").or(() -> Optional.ofNullable(f.attach())));
    }

    private static OptionalLong or(OptionalLong value, Long fallback) {
        return value.isPresent() || fallback == null ? value : OptionalLong.of(fallback);
    }
}
