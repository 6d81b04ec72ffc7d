package wechatpay.reactor.notification;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.creditrepayment.Contract;
import wechatpay.reactor.creditrepayment.DeductOrderRecord;

/**
 * A credit-repayment callback that was verified (signature, timestamp window, WeChat Pay key) and decrypted with
 * the APIv3 key: one record per event type, {@link Other} for any event type this client does not type. Made only
 * by {@link NotificationParser}. Immutable and thread-safe.
 *
 * <p><b>WeChat Pay delivers duplicates</b> (again after a failed or late answer, and sometimes even after a
 * success): handle each event idempotently by {@link #id()}, for example with a unique key on it.
 *
 * <p>{@code toString()} shows ids, types and states, never amounts, names, descriptions, openids or anything
 * else of the decrypted resource.
 */
public sealed interface Notification permits Notification.ContractSigned, Notification.ContractTerminated,
        Notification.DeductionPaid, Notification.Other {

    /** The callback's {@code id}: the same for every delivery of one event. The key for idempotent handling. */
    String id();

    /** {@code create_time}: when WeChat Pay created the event. */
    OffsetDateTime createTime();

    /** {@code event_type}, for example {@code CREDIT_REPAYMENT.DEDUCTION_PAY}. */
    String eventType();

    /** {@code summary}, WeChat Pay's short text about the event ("还款成功"); empty when absent. */
    String summary();

    /**
     * {@code CREDIT_REPAYMENT.SIGN_CONTRACT}: a user signed a repayment contract (sent to presign's
     * {@code contract_notify_url}).
     *
     * @param spMchid {@code sp_mchid} of the resource, the partner's merchant id, when sent
     */
    record ContractSigned(String id, OffsetDateTime createTime, String eventType, String summary,
            Optional<String> spMchid, Contract contract) implements Notification {
        public static final String EVENT_TYPE = "CREDIT_REPAYMENT.SIGN_CONTRACT";

        public ContractSigned {
            requireCommon(id, createTime, eventType, summary);
            Objects.requireNonNull(spMchid, "spMchid");
            Objects.requireNonNull(contract, "contract");
        }

        @Override
        public String toString() {
            return "ContractSigned[" + common(this) + ", spMchid=" + spMchid.orElse("-") + ", " + ids(contract) + "]";
        }
    }

    /**
     * {@code CREDIT_REPAYMENT.TERMINATE_CONTRACT}: a repayment contract ended (sent to the URL set on the plan).
     *
     * @param spMchid {@code sp_mchid} of the resource, when sent
     */
    record ContractTerminated(String id, OffsetDateTime createTime, String eventType, String summary,
            Optional<String> spMchid, Contract contract) implements Notification {
        public static final String EVENT_TYPE = "CREDIT_REPAYMENT.TERMINATE_CONTRACT";

        public ContractTerminated {
            requireCommon(id, createTime, eventType, summary);
            Objects.requireNonNull(spMchid, "spMchid");
            Objects.requireNonNull(contract, "contract");
        }

        @Override
        public String toString() {
            return "ContractTerminated[" + common(this) + ", spMchid=" + spMchid.orElse("-") + ", " + ids(contract)
                    + "]";
        }
    }

    /**
     * {@code CREDIT_REPAYMENT.DEDUCTION_PAY}: a deduct order was paid (sent to the order's {@code notify_url}).
     * A partner gets one URL for all sub-merchants: route by {@link #subMchid()}.
     *
     * @param spMchid  {@code sp_mchid} of the resource, when sent
     * @param subMchid {@code sub_mchid} of the resource, when sent
     */
    record DeductionPaid(String id, OffsetDateTime createTime, String eventType, String summary,
            Optional<String> spMchid, Optional<String> subMchid, DeductOrderRecord order) implements Notification {
        public static final String EVENT_TYPE = "CREDIT_REPAYMENT.DEDUCTION_PAY";

        public DeductionPaid {
            requireCommon(id, createTime, eventType, summary);
            Objects.requireNonNull(spMchid, "spMchid");
            Objects.requireNonNull(subMchid, "subMchid");
            Objects.requireNonNull(order, "order");
        }

        @Override
        public String toString() {
            return "DeductionPaid[" + common(this) + ", spMchid=" + spMchid.orElse("-") + ", subMchid="
                    + subMchid.orElse("-") + ", outTradeNo=" + order.outTradeNo() + ", outRecordId="
                    + order.outRecordId() + ", contractId=" + order.contractId() + ", state=" + order.stateText()
                    + ", transactionId=" + order.transactionId().orElse("-") + "]";
        }
    }

    /**
     * Any other event type: the decrypted resource as JSON, untyped.
     *
     * @param resource the decrypted resource; {@link #resource()} returns a copy, so this record stays immutable
     */
    record Other(String id, OffsetDateTime createTime, String eventType, String summary, JsonNode resource)
            implements Notification {
        public Other {
            requireCommon(id, createTime, eventType, summary);
            resource = Objects.requireNonNull(resource, "resource").deepCopy();
        }

        @Override
        public JsonNode resource() {
            return resource.deepCopy();
        }

        @Override
        public String toString() {
            return "Other[" + common(this) + ", resource=" + resource.size() + " fields]";
        }
    }

    private static void requireCommon(String id, OffsetDateTime createTime, String eventType, String summary) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createTime, "createTime");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(summary, "summary");
    }

    private static String common(Notification n) {
        return "id=" + n.id() + ", eventType=" + n.eventType() + ", createTime=" + n.createTime();
    }

    private static String ids(Contract c) {
        return "contractId=" + c.contractId().orElse("-") + ", outContractCode=" + c.outContractCode() + ", planId="
                + c.planId() + ", state=" + c.stateText();
    }
}
