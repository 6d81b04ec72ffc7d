package wechatpay.reactor.creditrepayment;

import wechatpay.reactor.internal.WireReader;

/** {@code contract_state} of a repayment contract (还款协议). A value this client does not know is {@link #UNKNOWN}. */
public enum ContractState {
    /** Presigned, not signed by the user (or not valid): nothing can be scheduled. */
    INVALID("CONTRACT_STATE_INVALID"),
    /** Signed: repayments can be scheduled and deducted. */
    EFFECTIVE("CONTRACT_STATE_EFFECTIVE"),
    /** Terminated by the user, the merchant or customer service. */
    TERMINATED("CONTRACT_STATE_TERMINATED"),
    /** A value WeChat Pay added after this client was written; the contract keeps the text. */
    UNKNOWN("");

    private final String wire;

    ContractState(String wire) {
        this.wire = wire;
    }

    /** The wire text, such as {@code CONTRACT_STATE_EFFECTIVE}; empty for {@link #UNKNOWN}. */
    public String wire() {
        return wire;
    }

    /** The constant for a wire text; {@link #UNKNOWN} for any other text. */
    public static ContractState of(String wire) {
        return WireReader.known(ContractState.class, ContractState::wire, wire, UNKNOWN);
    }
}
