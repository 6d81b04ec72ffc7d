package wechatpay.reactor.creditrepayment;

import java.time.LocalDate;
import java.util.Objects;
import java.util.OptionalLong;
import wechatpay.reactor.ValidationException;

/** The documented rules of a schedule item, checked in wire order; the first broken one is the exception. */
final class ScheduleItemRules {

    private ScheduleItemRules() {
    }

    static void check(ScheduleItem item, LocalDate today) {
        Objects.requireNonNull(today, "today");
        requiredText("contract_id", item.contractId(), 64);
        requiredText("appid", item.appid(), 32);
        requiredText("openid", item.openid(), 128);
        requiredText("out_record_id", item.outRecordId(), 32);
        alphanumeric("out_record_id", item.outRecordId());
        requiredText("sub_mchid", item.subMchid(), 32);
        optionalText("sub_appid", item.subAppid().orElse(null), 32);
        checkAmounts(item.repaymentAmount(), item.minRepaymentAmount(), item.loanType().orElse(null));
        LocalDate repaymentDate = item.repaymentDate();
        LocalDate first = today.plusDays(1);
        LocalDate last = today.plusDays(14);
        if (repaymentDate == null) {
            throw new ValidationException("repayment_date", "required");
        }
        if (repaymentDate.isBefore(first) || repaymentDate.isAfter(last)) {
            throw new ValidationException("repayment_date", "must be between " + first + " and " + last
                    + " (booking day + 1 to + 14, Beijing time), found " + repaymentDate);
        }
        optionalText("description", item.description().orElse(null), 127);
        optionalText("attach", item.attach().orElse(null), 128);
    }

    private static void checkAmounts(long repaymentAmount, OptionalLong minRepaymentAmount, LoanType loanType) {
        if (repaymentAmount <= 0) {
            throw new ValidationException("repayment_amount", "must be greater than 0 fen, found " + repaymentAmount);
        }
        if (repaymentAmount > ScheduleItem.MAX_AMOUNT) {
            throw new ValidationException("repayment_amount",
                    "must have at most 18 digits (" + ScheduleItem.MAX_AMOUNT + " fen), found " + repaymentAmount);
        }
        if (minRepaymentAmount.isEmpty()) {
            if (loanType == LoanType.CONSUMER_LOAN) {
                throw new ValidationException("min_repayment_amount",
                        "required for consumer-loan plans (LoanType.CONSUMER_LOAN)");
            }
            return;
        }
        long min = minRepaymentAmount.getAsLong();
        if (min <= 0) {
            throw new ValidationException("min_repayment_amount", "must be greater than 0 fen, found " + min);
        }
        if (min > repaymentAmount) {
            throw new ValidationException("min_repayment_amount",
                    "must not exceed repayment_amount (" + repaymentAmount + " fen), found " + min);
        }
        long fivePercent = ceilDiv(repaymentAmount, 20);
        if (min < fivePercent) {
            throw new ValidationException("min_repayment_amount",
                    "must be at least 5% of repayment_amount (" + fivePercent + " fen), found " + min);
        }
        long tenPercent = ceilDiv(repaymentAmount, 10);
        if (loanType == LoanType.CASH_LOAN && min < tenPercent) {
            throw new ValidationException("min_repayment_amount", "must be at least 10% of repayment_amount for"
                    + " cash-loan plans (" + tenPercent + " fen), found " + min);
        }
    }

    /** Ceiling of {@code a / d} for positive operands, without the overflow of {@code a * percent / 100}. */
    private static long ceilDiv(long a, long d) {
        return a / d + (a % d == 0 ? 0 : 1);
    }

    private static void requiredText(String field, String value, int max) {
        if (value == null) {
            throw new ValidationException(field, "required");
        }
        if (value.isEmpty()) {
            throw new ValidationException(field, "must not be empty");
        }
        text(field, value, max);
    }

    private static void optionalText(String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.isEmpty()) {
            throw new ValidationException(field, "must not be empty (omit it instead of sending an empty string)");
        }
        text(field, value, max);
    }

    private static void text(String field, String value, int max) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                throw new ValidationException(field, "must not contain 4-byte UTF-8 characters (code points above"
                        + " U+FFFF, such as emoji), found " + codePoint(value.codePointAt(i)) + " at position " + i);
            }
            if (Character.isSurrogate(c)) {
                throw new ValidationException(field,
                        "must be valid Unicode text, found an unpaired surrogate " + codePoint(c) + " at position " + i);
            }
            if (c < 0x20) {
                throw new ValidationException(field,
                        "must not contain control characters, found " + codePoint(c) + " at position " + i);
            }
        }
        // No surrogates are left, so chars are code points.
        if (value.length() > max) {
            throw new ValidationException(field, "must be at most " + max + " characters, found " + value.length());
        }
    }

    private static void alphanumeric(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            if (!ok) {
                String shown = "'" + c + "'" + (c > 0x20 && c < 0x7F ? "" : " (" + codePoint(c) + ")");
                throw new ValidationException(field, "only [0-9A-Za-z] allowed, found " + shown + " at position " + i);
            }
        }
    }

    private static String codePoint(int cp) {
        return String.format("U+%04X", cp);
    }
}
