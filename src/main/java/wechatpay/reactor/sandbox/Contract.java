package wechatpay.reactor.sandbox;

import java.util.Objects;
import java.util.Set;

/**
 * A credit-repayment contract (还款协议) as the sandbox holds it: seeded at start-up, or created by a presign
 * and made effective by {@code signContract}. Immutable; the sandbox replaces it on every change.
 *
 * <p>{@code contractId} and {@code openid} are {@code null} until the user signs ({@link #INVALID});
 * {@code subMchid} and {@code subAppid} are {@code null} when the presign did not name them.
 * {@code state} is one of {@link #INVALID}, {@link #EFFECTIVE}, {@link #TERMINATED}; on the wire it reads
 * {@code CONTRACT_STATE_} plus that name. {@code repaymentAmountLimit} is in fen.
 */
public record Contract(String contractId, String outContractCode, String planId, PlanType planType, String appid,
                       String openid, String subMchid, String subAppid, String state, long repaymentAmountLimit) {

    /** Presigned, not signed yet: no {@code contract_id}, nothing can be scheduled. */
    public static final String INVALID = "INVALID";
    /** Signed: repayments can be scheduled and deducted. */
    public static final String EFFECTIVE = "EFFECTIVE";
    /** Terminated by the merchant (or the user): nothing more can be scheduled or deducted. */
    public static final String TERMINATED = "TERMINATED";

    private static final Set<String> STATES = Set.of(INVALID, EFFECTIVE, TERMINATED);

    /** The loan kind of the contract's plan (template); it decides the {@code min_repayment_amount} rule. */
    public enum PlanType {
        /** 消费贷: {@code min_repayment_amount} required, at least 5% of {@code repayment_amount}. */
        CONSUMER_LOAN,
        /** 现金贷: {@code min_repayment_amount} optional, at least 10% of {@code repayment_amount} when sent. */
        CASH_LOAN
    }

    public Contract {
        Objects.requireNonNull(outContractCode, "outContractCode");
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(planType, "planType");
        Objects.requireNonNull(appid, "appid");
        if (!STATES.contains(state)) {
            throw new IllegalArgumentException("state must be one of " + STATES + ": " + state);
        }
        if (!INVALID.equals(state) && (contractId == null || openid == null)) {
            throw new IllegalArgumentException("a signed contract needs contractId and openid: " + outContractCode);
        }
        if (repaymentAmountLimit <= 0) {
            throw new IllegalArgumentException("repaymentAmountLimit must be positive: " + repaymentAmountLimit);
        }
    }

    Contract withState(String newState) {
        return new Contract(contractId, outContractCode, planId, planType, appid, openid, subMchid, subAppid,
                newState, repaymentAmountLimit);
    }

    Contract signedAs(String newContractId, String newOpenid) {
        return new Contract(newContractId, outContractCode, planId, planType, appid, newOpenid, subMchid, subAppid,
                EFFECTIVE, repaymentAmountLimit);
    }
}
