package wechatpay.reactor.creditrepayment;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.internal.Excerpt;

/**
 * One deduction to start (发起还款, {@code POST deduct-orders}): it repays the schedule record
 * {@code outRecordId} of the contract. The merchant's {@code outTradeNo} is its key: created at most once,
 * reconciled by query after an ambiguous failure. Amounts are fen. Immutable; build with {@link #builder()};
 * nothing is checked until {@link #validate()} (which every create runs before sending).
 *
 * <pre>{@code
 * DeductOrder order = DeductOrder.builder()
 *     .contractId("20251105000000123456789").outTradeNo("T20261201001").outRecordId("R20261201001")
 *     .deductAmount(10_000).notifyUrl("https://example.com/wechatpay/notify").description("December repayment")
 *     .build();
 * }</pre>
 *
 * @param contractId   {@code contract_id}, required, at most 64 characters
 * @param outTradeNo   {@code out_trade_no}, required, 1 to 32 of {@code [0-9A-Za-z_-|*]}
 * @param outRecordId  {@code out_record_id}, required, a schedule record of this contract, {@code [0-9A-Za-z]}
 * @param deductAmount {@code deduct_amount} in fen, greater than 0
 * @param notifyUrl    {@code notify_url} for the {@code DEDUCTION_PAY} callback: https, at most 256 characters
 * @param description  {@code description}, required, at most 127 characters
 * @param attach       {@code attach}, optional, at most 128 characters
 */
public record DeductOrder(@Nullable String contractId, @Nullable String outTradeNo, @Nullable String outRecordId,
        long deductAmount, @Nullable String notifyUrl, @Nullable String description, Optional<String> attach) {

    public DeductOrder {
        Objects.requireNonNull(attach, "attach");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Checks every documented rule, in wire order; the first broken one is a {@link ValidationException}. */
    public void validate() {
        TextRules.required("contract_id", contractId, 64);
        TextRules.required("out_trade_no", outTradeNo, 32);
        TextRules.tradeNumber("out_trade_no", outTradeNo);
        TextRules.required("out_record_id", outRecordId, 32);
        TextRules.alphanumeric("out_record_id", outRecordId);
        TextRules.positiveFen("deduct_amount", deductAmount);
        TextRules.notifyUrl("notify_url", notifyUrl, 256);
        TextRules.required("description", description, 127);
        TextRules.optional("attach", attach.orElse(null), 128);
    }

    /** The request body; the order should be valid. */
    ObjectNode toJson() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("contract_id", present("contract_id", contractId));
        body.put("out_trade_no", present("out_trade_no", outTradeNo));
        body.put("out_record_id", present("out_record_id", outRecordId));
        body.put("deduct_amount", Long.toString(deductAmount));
        body.put("notify_url", present("notify_url", notifyUrl));
        body.put("description", present("description", description));
        attach.ifPresent(a -> body.put("attach", a));
        return body;
    }

    private static String present(String field, @Nullable String value) {
        if (value == null) {
            throw new ValidationException(field, "required");
        }
        return value;
    }

    /** Ids and amount in full; description and attach cut for display. */
    @Override
    public String toString() {
        return "DeductOrder[contractId=" + contractId + ", outTradeNo=" + outTradeNo + ", outRecordId=" + outRecordId
                + ", deductAmount=" + deductAmount + ", notifyUrl=" + Excerpt.of(notifyUrl) + ", description="
                + Excerpt.of(description) + attach.map(a -> ", attach=" + Excerpt.of(a)).orElse("") + "]";
    }

    /** Collects the values of a {@link DeductOrder}; checks nothing. Mutable, not thread-safe. */
    public static final class Builder {
        private @Nullable String contractId;
        private @Nullable String outTradeNo;
        private @Nullable String outRecordId;
        private long deductAmount;
        private @Nullable String notifyUrl;
        private @Nullable String description;
        private @Nullable String attach;

        private Builder() {
        }

        public Builder contractId(@Nullable String contractId) {
            this.contractId = contractId;
            return this;
        }

        public Builder outTradeNo(@Nullable String outTradeNo) {
            this.outTradeNo = outTradeNo;
            return this;
        }

        public Builder outRecordId(@Nullable String outRecordId) {
            this.outRecordId = outRecordId;
            return this;
        }

        public Builder deductAmount(long fen) {
            this.deductAmount = fen;
            return this;
        }

        public Builder notifyUrl(@Nullable String notifyUrl) {
            this.notifyUrl = notifyUrl;
            return this;
        }

        public Builder description(@Nullable String description) {
            this.description = description;
            return this;
        }

        /** {@code null}: absent. */
        public Builder attach(@Nullable String attach) {
            this.attach = attach;
            return this;
        }

        public DeductOrder build() {
            return new DeductOrder(contractId, outTradeNo, outRecordId, deductAmount, notifyUrl, description,
                    Optional.ofNullable(attach));
        }
    }
}
