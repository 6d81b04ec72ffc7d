package wechatpay.reactor.cli;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.creditrepayment.LoanType;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.internal.Excerpt;

/** The fields of an input record and their conversion from text (amounts, dates, loan type) to a {@link ScheduleItem}. */
final class InputFields {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private InputFields() {
    }

    /** The fields a record may carry, in wire order. */
    enum Field {
        CONTRACT_ID(true), APPID(true), OPENID(true), OUT_RECORD_ID(true), SUB_MCHID(true), SUB_APPID(false),
        REPAYMENT_AMOUNT(true), MIN_REPAYMENT_AMOUNT(false), REPAYMENT_DATE(true), DESCRIPTION(false),
        ATTACH(false), LOAN_TYPE(false);

        static final Map<String, Field> BY_WIRE =
                Stream.of(values()).collect(Collectors.toUnmodifiableMap(f -> f.wire, Function.identity()));

        final String wire = name().toLowerCase(Locale.ROOT);
        final boolean required;

        Field(boolean required) {
            this.required = required;
        }

        boolean amount() {
            return this == REPAYMENT_AMOUNT || this == MIN_REPAYMENT_AMOUNT;
        }
    }

    /** Converts a record's raw values ({@code null}: absent) to an item, fields in wire order. */
    static ScheduleItem item(Function<Field, String> raw) {
        return ScheduleItem.builder()
                .contractId(text(raw, Field.CONTRACT_ID))
                .appid(text(raw, Field.APPID))
                .openid(text(raw, Field.OPENID))
                .outRecordId(text(raw, Field.OUT_RECORD_ID))
                .subMchid(text(raw, Field.SUB_MCHID))
                .subAppid(text(raw, Field.SUB_APPID))
                .repaymentAmount(amount(raw, Field.REPAYMENT_AMOUNT).orElseThrow())
                .minRepaymentAmount(amount(raw, Field.MIN_REPAYMENT_AMOUNT))
                .repaymentDate(date(raw, Field.REPAYMENT_DATE))
                .description(text(raw, Field.DESCRIPTION))
                .attach(text(raw, Field.ATTACH))
                .loanType(loanType(raw, Field.LOAN_TYPE))
                .build();
    }

    /** A JSON value as raw text: strings as they are, numbers (for amounts only) as JSON writes them. */
    static String jsonValue(JsonNode object, Field field) {
        JsonNode value = object.get(field.wire);
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
        if (value == null && field.required) {
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
            super(field.wire + ": " + rule, null, false, false);
        }
    }
}
