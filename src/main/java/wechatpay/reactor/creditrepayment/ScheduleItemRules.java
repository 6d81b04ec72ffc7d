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
        TextRules.required("contract_id", item.contractId(), 64);
        TextRules.required("appid", item.appid(), 32);
        TextRules.required("openid", item.openid(), 128);
        TextRules.required("out_record_id", item.outRecordId(), 32);
        TextRules.alphanumeric("out_record_id", item.outRecordId());
        TextRules.required("sub_mchid", item.subMchid(), 32);
        TextRules.optional("sub_appid", item.subAppid().orElse(null), 32);
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
        TextRules.optional("description", item.description().orElse(null), 127);
        TextRules.optional("attach", item.attach().orElse(null), 128);
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
}
