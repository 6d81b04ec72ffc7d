package wechatpay.reactor;

import java.util.Objects;

/**
 * A request refused before anything was sent: it names the wire field ({@code out_record_id}, not a JSON path)
 * and the rule it broke. The message is {@code field + ": " + rule}, for example
 * {@code out_record_id: only [0-9A-Za-z] allowed, found '-' at position 2}. Rules never echo a whole long value.
 * Immutable; safe to share between threads.
 *
 * <pre>{@code
 * try {
 *     item.validate(LocalDate.now(ZoneId.of("Asia/Shanghai")));
 * } catch (ValidationException e) {
 *     log.warn("not scheduled: {} ({})", e.field(), e.rule());
 * }
 * }</pre>
 */
public final class ValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String rule;

    /** A refusal of {@code field} (the wire name) for breaking {@code rule} (a sentence without the field name). */
    public ValidationException(String field, String rule) {
        super(Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(rule, "rule"));
        this.field = field;
        this.rule = rule;
    }

    /** The wire name of the refused field, such as {@code repayment_date}. */
    public String field() {
        return field;
    }

    /** The broken rule, with what was found, such as {@code must be at most 32 characters, found 33}. */
    public String rule() {
        return rule;
    }
}
