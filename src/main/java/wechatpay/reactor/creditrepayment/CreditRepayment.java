package wechatpay.reactor.creditrepayment;

import java.util.Objects;
import wechatpay.reactor.WechatPayClient;

/**
 * The partner credit-repayment (信用还款) APIs under {@code /v3/credit-repayment/partner/}. Obtain it from
 * {@link WechatPayClient#creditRepayment()}; thread-safe, shares the client's pipeline.
 */
public final class CreditRepayment {
    private final ScheduleRecords scheduleRecords;

    /**
     * Prefer {@link WechatPayClient#creditRepayment()}, which returns the client's one instance. Public only
     * because the client, in another package, constructs it (Java has no package friends); a second instance
     * works the same, sharing the client's pipeline and limits.
     */
    public CreditRepayment(WechatPayClient client) {
        this.scheduleRecords = new ScheduleRecords(Objects.requireNonNull(client, "client"));
    }

    /** Schedule repayments (预约还款) and query them. */
    public ScheduleRecords scheduleRecords() {
        return scheduleRecords;
    }
}
