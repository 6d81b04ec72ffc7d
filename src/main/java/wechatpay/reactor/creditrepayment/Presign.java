package wechatpay.reactor.creditrepayment;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.ValidationException;

/**
 * A presign (预签约) of a repayment contract, for {@link Contracts#appPresign} or {@link Contracts#h5Presign}
 * ({@code jumpAppid} is required there). {@code outContractCode} is never reusable, not even after a failure or a
 * termination. Amounts are fen. Immutable; build with {@link #builder()}; checked before anything is sent.
 *
 * @param appid                {@code appid}, required, at most 32 characters
 * @param planId               {@code plan_id}, required, at most 64 characters
 * @param outContractCode      {@code out_contract_code}, required, 1 to 64 of {@code [0-9A-Za-z]}
 * @param displayName          {@code display_name}, required, a masked name such as {@code ***G}, at most 64
 * @param contractNotifyUrl    {@code contract_notify_url} for {@code SIGN_CONTRACT}: https, no query, at most 256
 * @param repaymentDay         {@code repayment_day}, 1 to 31, optional
 * @param repaymentAmountLimit {@code repayment_amount_limit} in fen, greater than 0
 * @param subMchid             {@code sub_mchid}, optional, at most 32
 * @param subAppid             {@code sub_appid}, optional, at most 32
 * @param realIdentity         {@code real_identity}, optional, encrypted before sending
 * @param tradeInfo            {@code trade_info}, optional: a first deduction to start with the signing
 * @param jumpAppid            {@code jump_info.jump_appid}, H5 only
 */
public record Presign(@Nullable String appid, @Nullable String planId, @Nullable String outContractCode,
        @Nullable String displayName, @Nullable String contractNotifyUrl, OptionalInt repaymentDay,
        long repaymentAmountLimit, Optional<String> subMchid, Optional<String> subAppid,
        Optional<RealIdentity> realIdentity, Optional<TradeInfo> tradeInfo,
        Optional<String> jumpAppid) {

    /**
     * {@code trade_info}: a deduction started with the signing.
     *
     * @param notifyUrl optional; where {@code DEDUCTION_PAY} goes
     */
    public record TradeInfo(@Nullable String outTradeNo, long deductAmount, Optional<String> description,
            Optional<String> attach, Optional<String> notifyUrl) {
        public TradeInfo {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(attach, "attach");
            Objects.requireNonNull(notifyUrl, "notifyUrl");
        }

        void validate() {
            TextRules.required("trade_info.out_trade_no", outTradeNo, 32);
            TextRules.tradeNumber("trade_info.out_trade_no", outTradeNo);
            TextRules.positiveFen("trade_info.deduct_amount", deductAmount);
            TextRules.optional("trade_info.description", description.orElse(null), 127);
            TextRules.optional("trade_info.attach", attach.orElse(null), 128);
            if (notifyUrl.isPresent()) {
                TextRules.notifyUrl("trade_info.notify_url", notifyUrl.get(), 256);
            }
        }
    }

    public Presign {
        Objects.requireNonNull(repaymentDay, "repaymentDay");
        Objects.requireNonNull(subMchid, "subMchid");
        Objects.requireNonNull(subAppid, "subAppid");
        Objects.requireNonNull(realIdentity, "realIdentity");
        Objects.requireNonNull(tradeInfo, "tradeInfo");
        Objects.requireNonNull(jumpAppid, "jumpAppid");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every documented rule, in wire order; the first broken one is a {@link ValidationException}. */
    void validate(boolean h5) {
        TextRules.required("appid", appid, 32);
        TextRules.required("plan_id", planId, 64);
        TextRules.required("out_contract_code", outContractCode, 64);
        TextRules.alphanumeric("out_contract_code", outContractCode);
        TextRules.required("display_name", displayName, 64);
        TextRules.notifyUrl("contract_notify_url", contractNotifyUrl, 256);
        if (repaymentDay.isPresent() && (repaymentDay.getAsInt() < 1 || repaymentDay.getAsInt() > 31)) {
            throw new ValidationException("repayment_day", "must be 1 to 31, found " + repaymentDay.getAsInt());
        }
        TextRules.positiveFen("repayment_amount_limit", repaymentAmountLimit);
        TextRules.optional("sub_mchid", subMchid.orElse(null), 32);
        TextRules.optional("sub_appid", subAppid.orElse(null), 32);
        realIdentity.ifPresent(RealIdentity::validate);
        tradeInfo.ifPresent(TradeInfo::validate);
        if (h5) {
            TextRules.required("jump_info.jump_appid", jumpAppid.orElse(null), 32);
        } else if (jumpAppid.isPresent()) {
            throw new ValidationException("jump_info.jump_appid", "only an H5 presign carries it");
        }
    }

    /** The request body, the identity encrypted by {@code encrypt}; the presign should be valid. */
    ObjectNode toJson(UnaryOperator<String> encrypt) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode body = nodes.objectNode();
        body.put("appid", appid);
        body.put("plan_id", planId);
        body.put("out_contract_code", outContractCode);
        body.put("display_name", displayName);
        body.put("contract_notify_url", contractNotifyUrl);
        repaymentDay.ifPresent(day -> body.put("repayment_day", day));
        body.put("repayment_amount_limit", Long.toString(repaymentAmountLimit));
        subMchid.ifPresent(v -> body.put("sub_mchid", v));
        subAppid.ifPresent(v -> body.put("sub_appid", v));
        realIdentity.ifPresent(identity -> {
            ObjectNode node = body.putObject("real_identity");
            node.put("identity_type", identity.type().wire());
            node.put("identity_id", encrypt.apply(identity.id()));
            node.put("real_name", encrypt.apply(identity.name()));
        });
        tradeInfo.ifPresent(trade -> {
            ObjectNode node = body.putObject("trade_info");
            node.put("out_trade_no", trade.outTradeNo());
            node.put("deduct_amount", trade.deductAmount());
            trade.description().ifPresent(v -> node.put("description", v));
            trade.attach().ifPresent(v -> node.put("attach", v));
            trade.notifyUrl().ifPresent(v -> node.put("notify_url", v));
        });
        jumpAppid.ifPresent(v -> body.putObject("jump_info").put("jump_appid", v));
        return body;
    }

    /** Collects the values of a {@link Presign}; checks nothing. Mutable, not thread-safe. */
    public static final class Builder {
        private @Nullable String appid;
        private @Nullable String planId;
        private @Nullable String outContractCode;
        private @Nullable String displayName;
        private @Nullable String contractNotifyUrl;
        private @Nullable Integer repaymentDay;
        private long repaymentAmountLimit;
        private @Nullable String subMchid;
        private @Nullable String subAppid;
        private @Nullable RealIdentity realIdentity;
        private @Nullable TradeInfo tradeInfo;
        private @Nullable String jumpAppid;

        private Builder() {
        }

        public Builder appid(@Nullable String v) {
            appid = v;
            return this;
        }

        public Builder planId(@Nullable String v) {
            planId = v;
            return this;
        }

        public Builder outContractCode(@Nullable String v) {
            outContractCode = v;
            return this;
        }

        public Builder displayName(@Nullable String v) {
            displayName = v;
            return this;
        }

        public Builder contractNotifyUrl(@Nullable String v) {
            contractNotifyUrl = v;
            return this;
        }

        /** {@code null}: absent. */
        public Builder repaymentDay(@Nullable Integer v) {
            repaymentDay = v;
            return this;
        }

        public Builder repaymentAmountLimit(long fen) {
            repaymentAmountLimit = fen;
            return this;
        }

        public Builder subMchid(@Nullable String v) {
            subMchid = v;
            return this;
        }

        public Builder subAppid(@Nullable String v) {
            subAppid = v;
            return this;
        }

        public Builder realIdentity(@Nullable RealIdentity v) {
            realIdentity = v;
            return this;
        }

        public Builder tradeInfo(@Nullable TradeInfo v) {
            tradeInfo = v;
            return this;
        }

        /** H5 presign only. */
        public Builder jumpAppid(@Nullable String v) {
            jumpAppid = v;
            return this;
        }

        public Presign build() {
            return new Presign(appid, planId, outContractCode, displayName, contractNotifyUrl,
                    repaymentDay == null ? OptionalInt.empty() : OptionalInt.of(repaymentDay), repaymentAmountLimit,
                    Optional.ofNullable(subMchid), Optional.ofNullable(subAppid), Optional.ofNullable(realIdentity),
                    Optional.ofNullable(tradeInfo), Optional.ofNullable(jumpAppid));
        }
    }
}
