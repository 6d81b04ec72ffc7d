package wechatpay.reactor.creditrepayment;

import wechatpay.reactor.internal.WireReader;

/** {@code contract_terminated_mode}: who ended a repayment contract. A value this client does not know is {@link #UNKNOWN}. */
public enum TerminationMode {
    /** The default of the field: no termination mode. */
    INVALID("TERMINATION_MODE_INVALID"),
    /** The user ended it in WeChat. */
    BY_USER("TERMINATION_MODE_BY_USER"),
    /** The merchant ended it ({@code contracts/terminate}). */
    BY_MERCHANT("TERMINATION_MODE_BY_MERCHANT"),
    /** WeChat Pay's customer service ended it. */
    BY_CUSTOMER_SERVICE("TERMINATION_MODE_BY_CUSTOMER_SERVICE"),
    /** A value WeChat Pay added after this client was written; the contract keeps the text. */
    UNKNOWN("");

    private final String wire;

    TerminationMode(String wire) {
        this.wire = wire;
    }

    /** The wire text, such as {@code TERMINATION_MODE_BY_USER}; empty for {@link #UNKNOWN}. */
    public String wire() {
        return wire;
    }

    /** The constant for a wire text; {@link #UNKNOWN} for any other text. */
    public static TerminationMode of(String wire) {
        return WireReader.known(TerminationMode.class, TerminationMode::wire, wire, UNKNOWN);
    }
}
