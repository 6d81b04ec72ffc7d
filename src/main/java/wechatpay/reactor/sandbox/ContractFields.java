package wechatpay.reactor.sandbox;

/**
 * How the contract query, the terminate answer and the control endpoints spell a contract
 * ({@link WechatPaySandbox.Builder#contractFields}). WeChat Pay renamed one field on 2026-01-31 and its pages
 * disagree on the type of another, so a client should read both spellings; the sandbox answers one at a time.
 * Callbacks (SIGN_CONTRACT, TERMINATE_CONTRACT) do not change with it: they always name the mode
 * {@code contract_terminated_mode} and give {@code repayment_amount_limit} as a JSON string.
 */
public enum ContractFields {
    /** The default, as the current query page documents: {@code contract_terminated_mode}, the limit a JSON integer. */
    CURRENT,
    /** As before 2026-01-31: {@code contract_termination_mode}, the limit a JSON string of fen. */
    LEGACY
}
