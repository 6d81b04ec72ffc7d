package wechatpay.reactor.creditrepayment;

/**
 * The kind of repayment plan a contract was signed under. WeChat Pay does not send it with a schedule request;
 * it only decides which {@code min_repayment_amount} rule {@link ScheduleItem#validate} applies.
 *
 * <pre>{@code
 * ScheduleItem item = ScheduleItem.builder().loanType(LoanType.CASH_LOAN) ... .build();
 * }</pre>
 */
public enum LoanType {
    /** Consumer-loan plan: {@code min_repayment_amount} is required and at least 5% of {@code repayment_amount}. */
    CONSUMER_LOAN,
    /** Cash-loan plan: {@code min_repayment_amount} is optional and, if sent, at least 10% of {@code repayment_amount}. */
    CASH_LOAN
}
