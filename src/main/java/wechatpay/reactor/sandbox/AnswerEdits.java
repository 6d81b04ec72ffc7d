package wechatpay.reactor.sandbox;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body edits of {@link Fault#MISSING_OPTIONAL} and {@link Fault#UNKNOWN_FIELDS}: schema drift WeChat Pay has
 * shipped (contract_id became optional in 2026; new fields appear without notice). They work on the JSON tree of a
 * 2xx answer before it is serialised and signed, so the signature stays valid; any other answer passes unchanged.
 * A record is the answer itself or an object in one of its top-level arrays ({@code schedule_records}, {@code data}).
 */
final class AnswerEdits {
    private static final List<String> SCHEDULE_OPTIONAL =
            List.of("contract_id", "sub_appid", "min_repayment_amount", "description", "attach");
    private static final List<String> ORDER_OPTIONAL =
            List.of("sub_appid", "attach", "pay_success_amount", "transaction_id");

    private AnswerEdits() {
    }

    /** Schedule records lose {@link #SCHEDULE_OPTIONAL}, deduct orders {@link #ORDER_OPTIONAL}. */
    static Answer withoutOptional(Answer answer) {
        if (!editable(answer)) {
            return answer;
        }
        ObjectNode body = answer.body().deepCopy();
        for (ObjectNode record : records(body)) {
            if (record.has("out_trade_no")) {
                record.remove(ORDER_OPTIONAL);
            } else if (record.has("out_record_id")) {
                record.remove(SCHEDULE_OPTIONAL);
            }
        }
        return new Answer(answer.status(), body);
    }

    /** The answer and each record gain a string, a number, a nested object and an array no client knows. */
    static Answer withUnknownFields(Answer answer) {
        if (!editable(answer)) {
            return answer;
        }
        ObjectNode body = answer.body().deepCopy();
        List<ObjectNode> targets = records(body);
        if (targets.stream().noneMatch(record -> record == body)) {
            targets.add(body);
        }
        targets.forEach(AnswerEdits::addUnknown);
        return new Answer(answer.status(), body);
    }

    private static boolean editable(Answer answer) {
        return answer.status() / 100 == 2 && answer.body() != null;
    }

    private static void addUnknown(ObjectNode node) {
        node.put("sandbox_future_text", "a field of a newer schema");
        node.put("sandbox_future_number", 20_260_131);
        ObjectNode nested = node.putObject("sandbox_future_object");
        nested.put("kind", "NEW_KIND");
        nested.putObject("inner").put("level", 2);
        node.putArray("sandbox_future_array").add("first").add(2).addObject().put("third", true);
    }

    /** The objects inside the answer's top-level arrays, or the answer itself when it has none. */
    private static List<ObjectNode> records(ObjectNode body) {
        List<ObjectNode> records = new ArrayList<>();
        for (JsonNode value : body.values()) {
            if (value.isArray()) {
                value.values().forEach(element -> {
                    if (element.isObject()) {
                        records.add((ObjectNode) element);
                    }
                });
            }
        }
        if (records.isEmpty()) {
            records.add(body);
        }
        return records;
    }
}
