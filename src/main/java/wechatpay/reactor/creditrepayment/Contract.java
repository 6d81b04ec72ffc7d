package wechatpay.reactor.creditrepayment;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.internal.WireReader;
import wechatpay.reactor.internal.WireWriter;

/**
 * A repayment contract (还款协议) as WeChat Pay shows it: the contract query, the terminate answer and the
 * {@code SIGN_CONTRACT} / {@code TERMINATE_CONTRACT} callbacks. Amounts are fen. Fields left out are empty
 * optionals; a state or mode this client does not know is {@code UNKNOWN} with the wire text kept in
 * {@link #stateText()} / {@link #terminationModeText()}. Immutable; every component is non-null.
 *
 * @param contractId           {@code contract_id}; empty before the user signed
 * @param planId               {@code plan_id}
 * @param outContractCode      {@code out_contract_code}, the merchant's contract number
 * @param displayName          {@code display_name}, the masked name shown to the user
 * @param state                {@code contract_state}
 * @param stateText            {@code contract_state} as sent
 * @param signedTime           {@code contract_signed_time}
 * @param terminatedTime       {@code contract_terminated_time}
 * @param terminationMode      {@code contract_terminated_mode} (formerly {@code contract_termination_mode})
 * @param terminationModeText  the mode as sent
 * @param terminationRemark    {@code contract_termination_remark}
 * @param repaymentDay         {@code repayment_day}
 * @param openid               {@code openid} of the user who signed
 * @param appid                {@code appid}
 * @param repaymentAmountLimit {@code repayment_amount_limit} in fen (a JSON number or string)
 */
public record Contract(Optional<String> contractId, String planId, String outContractCode, String displayName,
        ContractState state, String stateText, Optional<OffsetDateTime> signedTime,
        Optional<OffsetDateTime> terminatedTime, Optional<TerminationMode> terminationMode,
        Optional<String> terminationModeText, Optional<String> terminationRemark, OptionalInt repaymentDay,
        Optional<String> openid, Optional<String> appid, long repaymentAmountLimit) {

    public Contract {
        Objects.requireNonNull(contractId, "contractId");
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(outContractCode, "outContractCode");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stateText, "stateText");
        Objects.requireNonNull(signedTime, "signedTime");
        Objects.requireNonNull(terminatedTime, "terminatedTime");
        Objects.requireNonNull(terminationMode, "terminationMode");
        Objects.requireNonNull(terminationModeText, "terminationModeText");
        Objects.requireNonNull(terminationRemark, "terminationRemark");
        Objects.requireNonNull(repaymentDay, "repaymentDay");
        Objects.requireNonNull(openid, "openid");
        Objects.requireNonNull(appid, "appid");
    }

    /**
     * Reads a contract object of WeChat Pay's JSON (a query answer, {@code contract_info} of a terminate answer,
     * a decrypted callback resource): lenient about unknown and missing optional fields, an
     * {@link IllegalArgumentException} naming a required field that is missing or malformed.
     */
    public static Contract fromJson(JsonNode node) {
        WireReader r = WireReader.of(node, "contract");
        String state = r.text("contract_state");
        Optional<String> mode = r.optionalText("contract_terminated_mode", "contract_termination_mode");
        return new Contract(r.optionalText("contract_id"), r.text("plan_id"), r.text("out_contract_code"),
                r.text("display_name"), ContractState.of(state), state,
                r.optionalTime("contract_signed_time"), r.optionalTime("contract_terminated_time"),
                mode.map(TerminationMode::of), mode, r.optionalText("contract_termination_remark"),
                r.optionalInt("repayment_day"), r.optionalText("openid"), r.optionalText("appid"),
                r.fen("repayment_amount_limit"));
    }

    /** The contract as WeChat Pay's JSON names it: what {@link #fromJson} reads, absent values left out. */
    public ObjectNode toJson() {
        WireWriter w = new WireWriter();
        w.text("contract_id", contractId).text("plan_id", planId).text("out_contract_code", outContractCode)
                .text("display_name", displayName).text("contract_state", stateText)
                .time("contract_signed_time", signedTime).time("contract_terminated_time", terminatedTime)
                .text("contract_terminated_mode", terminationModeText)
                .text("contract_termination_remark", terminationRemark).integer("repayment_day", repaymentDay)
                .text("openid", openid).text("appid", appid).fen("repayment_amount_limit", repaymentAmountLimit);
        return w.node();
    }
}
