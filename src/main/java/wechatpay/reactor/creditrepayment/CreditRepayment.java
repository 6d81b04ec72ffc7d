package wechatpay.reactor.creditrepayment;

import java.util.Objects;
import wechatpay.reactor.WechatPayClient;

/**
 * The partner credit-repayment (信用还款) APIs under {@code /v3/credit-repayment/partner/}. Obtain it from
 * {@link WechatPayClient#creditRepayment()}; thread-safe, shares the client's pipeline.
 */
public final class CreditRepayment {
    private final ScheduleRecords scheduleRecords;
    private final Contracts contracts;
    private final DeductOrders deductOrders;

    /**
     * Prefer {@link WechatPayClient#creditRepayment()}, which returns the client's one instance. Public only
     * because the client, in another package, constructs it (Java has no package friends); a second instance
     * works the same, sharing the client's pipeline and limits.
     */
    public CreditRepayment(WechatPayClient client) {
        Objects.requireNonNull(client, "client");
        this.scheduleRecords = new ScheduleRecords(client);
        this.contracts = new Contracts(client);
        this.deductOrders = new DeductOrders(client);
    }

    /** Schedule repayments (预约还款) and query them. */
    public ScheduleRecords scheduleRecords() {
        return scheduleRecords;
    }

    /** Repayment contracts (还款协议): presign, query, terminate. */
    public Contracts contracts() {
        return contracts;
    }

    /** Start repayments (发起还款) and query them. */
    public DeductOrders deductOrders() {
        return deductOrders;
    }
}
