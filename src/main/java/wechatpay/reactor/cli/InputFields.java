package wechatpay.reactor.cli;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.creditrepayment.DeductOrder;
import wechatpay.reactor.creditrepayment.LoanType;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.internal.Excerpt;

/**
 * The fields of input records (schedule items, deduct orders) and their conversion from text (amounts, dates, loan
 * type) to values.
 */
final class InputFields {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private InputFields() {
    }

    /** One field a record may carry, by its wire name. */
    record Field(String wire, boolean required, boolean amount) {
    }

    /** The fields of one kind of record, in wire order, and their conversion to a value. */
    static final class Schema<T> {
        final List<Field> fields;
        final Map<String, Integer> byWire;
        private final Function<Function<Field, String>, T> convert;

        Schema(List<Field> fields, Function<Function<Field, String>, T> convert) {
            this.fields = List.copyOf(fields);
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                index.put(fields.get(i).wire(), i);
            }
            this.byWire = Map.copyOf(index);
            this.convert = convert;
        }

        /** Converts a record's raw values ({@code null}: absent); a {@link BadField} names what is wrong. */
        T convert(Function<Field, String> raw) {
            return convert.apply(raw);
        }

        Field field(String wire) {
            return fields.get(byWire.get(wire));
        }
    }

    private static Field required(String wire) {
        return new Field(wire, true, false);
    }

    private static Field optional(String wire) {
        return new Field(wire, false, false);
    }

    /** Schedule items: the batch-create fields, flattened, plus {@code loan_type} (never sent). */
    static final Schema<ScheduleItem> SCHEDULE = new Schema<>(List.of(required("contract_id"), required("appid"),
            required("openid"), required("out_record_id"), required("sub_mchid"), optional("sub_appid"),
            new Field("repayment_amount", true, true), new Field("min_repayment_amount", false, true),
            required("repayment_date"), optional("description"), optional("attach"), optional("loan_type")),
            InputFields::item);

    /** Deduct orders: the {@code deduct-orders} fields. */
    static final Schema<DeductOrder> DEDUCT = new Schema<>(List.of(required("contract_id"), required("out_trade_no"),
            required("out_record_id"), new Field("deduct_amount", true, true), required("notify_url"),
            required("description"), optional("attach")), InputFields::order);

    private static ScheduleItem item(Function<Field, String> raw) {
        Schema<ScheduleItem> s = SCHEDULE;
        return ScheduleItem.builder()
                .contractId(text(raw, s.field("contract_id")))
                .appid(text(raw, s.field("appid")))
                .openid(text(raw, s.field("openid")))
                .outRecordId(text(raw, s.field("out_record_id")))
                .subMchid(text(raw, s.field("sub_mchid")))
                .subAppid(text(raw, s.field("sub_appid")))
                .repaymentAmount(amount(raw, s.field("repayment_amount")).orElseThrow())
                .minRepaymentAmount(amount(raw, s.field("min_repayment_amount")))
                .repaymentDate(date(raw, s.field("repayment_date")))
                .description(text(raw, s.field("description")))
                .attach(text(raw, s.field("attach")))
                .loanType(loanType(raw, s.field("loan_type")))
                .build();
    }

    private static DeductOrder order(Function<Field, String> raw) {
        Schema<DeductOrder> s = DEDUCT;
        return DeductOrder.builder()
                .contractId(text(raw, s.field("contract_id")))
                .outTradeNo(text(raw, s.field("out_trade_no")))
                .outRecordId(text(raw, s.field("out_record_id")))
                .deductAmount(amount(raw, s.field("deduct_amount")).orElseThrow())
                .notifyUrl(text(raw, s.field("notify_url")))
                .description(text(raw, s.field("description")))
                .attach(text(raw, s.field("attach")))
                .build();
    }

    /** An item as the text of its wire fields, absent ones left out: what {@code enqueue} puts in an entry. */
    static Map<String, String> values(ScheduleItem item) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("contract_id", item.contractId());
        v.put("appid", item.appid());
        v.put("openid", item.openid());
        v.put("out_record_id", item.outRecordId());
        v.put("sub_mchid", item.subMchid());
        item.subAppid().ifPresent(x -> v.put("sub_appid", x));
        v.put("repayment_amount", Long.toString(item.repaymentAmount()));
        item.minRepaymentAmount().ifPresent(x -> v.put("min_repayment_amount", Long.toString(x)));
        v.put("repayment_date", item.repaymentDate().toString());
        item.description().ifPresent(x -> v.put("description", x));
        item.attach().ifPresent(x -> v.put("attach", x));
        item.loanType().ifPresent(x -> v.put("loan_type", x.name()));
        return v;
    }

    /** An entry's wire fields as an item; a {@link BadField} names what is wrong (the inverse of {@link #values}). */
    static ScheduleItem item(Map<String, String> values) {
        return SCHEDULE.convert(field -> values.get(field.wire()));
    }

    /** A JSON value as raw text: strings as they are, numbers (for amounts only) as JSON writes them. */
    static String jsonValue(JsonNode object, Field field) {
        JsonNode value = object.get(field.wire());
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isString()) {
            return value.stringValue();
        }
        if (field.amount() && value.isNumber()) {
            return value.toString(); // 12.5, -3 and 1e3 fail the digits check with their own text
        }
        throw new BadField(field, "expected a JSON string" + (field.amount() ? " or integer" : "") + ", found "
                + switch (value.getNodeType()) {
                    case NUMBER -> "the number " + Excerpt.of(value.toString());
                    case BOOLEAN -> "the boolean " + value;
                    case ARRAY -> "an array";
                    case OBJECT -> "an object";
                    default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
                });
    }

    private static String text(Function<Field, String> raw, Field field) {
        String value = raw.apply(field);
        if (value == null && field.required()) {
            throw new BadField(field, "required");
        }
        return value;
    }

    private static OptionalLong amount(Function<Field, String> raw, Field field) {
        String value = text(raw, field);
        if (value == null) {
            return OptionalLong.empty();
        }
        String digits = value.strip();
        boolean ok = !digits.isEmpty();
        for (int i = 0; ok && i < digits.length(); i++) {
            ok = digits.charAt(i) >= '0' && digits.charAt(i) <= '9';
        }
        if (!ok) {
            throw new BadField(field, "expected a whole number of fen, found " + Excerpt.quoted(value));
        }
        try {
            return OptionalLong.of(Long.parseLong(digits));
        } catch (NumberFormatException e) {
            throw new BadField(field, "expected a whole number of fen up to " + Long.MAX_VALUE + ", found "
                    + Excerpt.quoted(value));
        }
    }

    private static LocalDate date(Function<Field, String> raw, Field field) {
        String value = text(raw, field);
        if (value == null) {
            return null;
        }
        String date = value.strip();
        if (DATE.matcher(date).matches()) {
            try {
                return LocalDate.parse(date, DateTimeFormatter.ISO_LOCAL_DATE);
            } catch (DateTimeParseException e) {
                throw new BadField(field, "expected yyyy-MM-dd, found " + Excerpt.quoted(value) + " (no such date)");
            }
        }
        throw new BadField(field, "expected yyyy-MM-dd, found " + Excerpt.quoted(value));
    }

    private static LoanType loanType(Function<Field, String> raw, Field field) {
        String value = text(raw, field);
        if (value == null) {
            return null;
        }
        for (LoanType type : LoanType.values()) {
            if (type.name().equalsIgnoreCase(value.strip())) {
                return type;
            }
        }
        throw new BadField(field, "expected CONSUMER_LOAN or CASH_LOAN, found " + Excerpt.quoted(value));
    }


    /** Why a field's text cannot become a value: {@code field: rule}. Control flow only, so no stack trace. */
    static final class BadField extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadField(Field field, String rule) {
            super(field.wire() + ": " + rule, null, false, false);
        }
    }
}
