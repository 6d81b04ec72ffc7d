package wechatpay.reactor.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import wechatpay.reactor.sandbox.Contract.PlanType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@link Ledger}'s contracts: presign (app and H5), the user's signing, termination and the contract query,
 * with what only the sandbox tracks about each contract (display name, notify URL, signing and termination times).
 * Not thread-safe: the ledger calls it under its own lock, and what the methods return to fire afterwards
 * ({@link Runnable}s wrapping {@link Ledger.Events}) runs after that lock is released.
 *
 * <p>Decisions where WeChat Pay's behaviour is unknown:
 * <ul>
 * <li>Only a signed contract can be terminated (an unsigned one answers 400 {@code INVALID_REQUEST}).</li>
 * <li>TERMINATE_CONTRACT goes to the presign's {@code contract_notify_url} (WeChat Pay uses a URL set on the plan
 *     template, which the sandbox does not model); seeded contracts have none and send no callbacks.</li>
 * </ul>
 */
final class ContractBook {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String BY_MERCHANT = "TERMINATION_MODE_BY_MERCHANT";
    private static final String BY_USER = "TERMINATION_MODE_BY_USER";
    private static final String TERMINATED_MODE = "contract_terminated_mode";
    private static final String TERMINATION_MODE = "contract_termination_mode";          // before 2026-01-31
    private static final String SEEDED_DISPLAY_NAME = "***S";
    private static final Runnable NOTHING = () -> { };

    private final Clock clock;
    private final Ledger.Events events;
    private final ContractFields fields;
    private final Map<String, Account> byCode = new LinkedHashMap<>();   // out_contract_code -> account
    private final Map<String, Account> byContractId = new HashMap<>();
    private long presigns;
    private long signings;

    ContractBook(Clock clock, List<Contract> seeded, Ledger.Events events, ContractFields fields) {
        this.clock = clock;
        this.events = events;
        this.fields = fields;
        Instant now = clock.instant();
        for (Contract contract : seeded) {
            Account account = new Account(contract, SEEDED_DISPLAY_NAME, null, null);
            account.signedAt = Contract.INVALID.equals(contract.state()) ? null : now;
            account.terminatedAt = Contract.TERMINATED.equals(contract.state()) ? now : null;
            account.terminationMode = account.terminatedAt == null ? null : BY_MERCHANT;
            add(account);
        }
    }

    /** What {@link Ledger#seedContracts} answers: {@code n} effective contracts, the same for the same {@code n}. */
    static List<Contract> seed(int n) {
        List<Contract> contracts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean cash = i % 2 == 1;
            contracts.add(new Contract("2025110500000012345678901" + i, "SEED" + i,
                    cash ? "CASH_LOAN_PLAN" : "CONSUMER_LOAN_PLAN", cash ? PlanType.CASH_LOAN : PlanType.CONSUMER_LOAN,
                    "wxd678efh567hg6787", String.format("oUpF8uMuAJO_M2pxb1Q%09d", i), "1900000109", null,
                    Contract.EFFECTIVE, 50_000_000L));
        }
        return contracts;
    }

    List<Contract> contracts() {
        return byCode.values().stream().map(a -> a.contract).toList();
    }

    /** The effective contract with this contract_id; 404 when unknown, 400 when not (or no longer) effective. */
    Contract effective(String contractId) {
        Account account = byContractId.get(contractId);
        if (account == null) {
            throw ParamRules.notFound("RESOURCE_NOT_EXISTS", "no contract with contract_id " + contractId);
        }
        if (!Contract.EFFECTIVE.equals(account.contract.state())) {
            throw ParamRules.invalidRequest("contract " + contractId + " is not effective: "
                    + "CONTRACT_STATE_" + account.contract.state());
        }
        return account.contract;
    }

    /** {@code GET contracts/<out_contract_code>}: the contract as WeChat Pay's query shows it. */
    ObjectNode query(String outContractCode) {
        return contractJson(account(outContractCode));
    }

    /**
     * Signs the presigned contract; the step answers the contract as its query shows it and its callback sends
     * SIGN_CONTRACT (nothing for a seeded contract). 404 for an unknown code, 409 when not presigned (INVALID).
     */
    Signed sign(String outContractCode) {
        Account account = account(outContractCode);
        if (!Contract.INVALID.equals(account.contract.state())) {
            throw ParamRules.conflict("contract " + outContractCode + " is already CONTRACT_STATE_"
                    + account.contract.state() + "; only a presigned (CONTRACT_STATE_INVALID) contract can be signed");
        }
        String contractId;
        do {
            contractId = String.format("2026000000%015d", ++signings);
        } while (byContractId.containsKey(contractId));
        account.contract = account.contract.signedAs(contractId, String.format("oSandboxUser%016d", signings));
        account.signedAt = clock.instant();
        byContractId.put(contractId, account);
        ObjectNode callback = callbackJson(account);
        String url = account.notifyUrl;
        return new Signed(account.contract, new Ledger.Step(Answer.ok(contractJson(account)),
                url == null ? NOTHING : () -> events.contractSigned(url, callback)));
    }

    /**
     * {@code POST contracts/terminate}: answers 200 {@code {"contract_info":{...the query fields...}}}; the step's
     * callback sends TERMINATE_CONTRACT. 400 INVALID_REQUEST unless the contract is effective.
     */
    Ledger.Step terminate(JsonNode body) {
        ParamRules root = ParamRules.body(body);
        String code = root.text("out_contract_code", 64);
        String remark = root.text("contract_termination_remark", 128);
        Account account = account(code);
        String refusal = notEffective(account);
        if (refusal != null) {
            throw ParamRules.invalidRequest(refusal);
        }
        return end(account, BY_MERCHANT, remark, json -> {
            ObjectNode answer = JSON.objectNode();
            answer.set("contract_info", json);
            return answer;
        });
    }

    /**
     * Sandbox control: the user ends the contract ({@code TERMINATION_MODE_BY_USER}, no remark); the step answers
     * the contract as its query shows it and sends TERMINATE_CONTRACT. 404 for an unknown code, 409 unless effective.
     */
    Ledger.Step terminateByUser(String outContractCode) {
        Account account = account(outContractCode);
        String refusal = notEffective(account);
        if (refusal != null) {
            throw ParamRules.conflict(refusal);
        }
        return end(account, BY_USER, null, json -> json);
    }

    /** Why the account's contract cannot be terminated, or {@code null} when it is effective. */
    private static String notEffective(Account account) {
        String state = account.contract.state();
        if (Contract.EFFECTIVE.equals(state)) {
            return null;
        }
        return "contract " + account.contract.outContractCode() + " is "
                + (Contract.TERMINATED.equals(state) ? "already terminated" : "not signed yet");
    }

    private Ledger.Step end(Account account, String mode, String remark, UnaryOperator<ObjectNode> answer) {
        account.contract = account.contract.withState(Contract.TERMINATED);
        account.terminatedAt = clock.instant();
        account.terminationMode = mode;
        account.terminationRemark = remark;
        ObjectNode callback = callbackJson(account);
        String url = account.notifyUrl;
        return new Ledger.Step(Answer.ok(answer.apply(contractJson(account))),
                url == null ? NOTHING : () -> events.contractTerminated(url, callback));
    }

    /** {@code POST contracts/app-presign} or {@code contracts/h5-presign}: a new contract, not signed yet. */
    Answer presign(JsonNode body, boolean h5) {
        ParamRules root = ParamRules.body(body);
        String appid = root.text("appid", 32);
        String planId = root.text("plan_id", 64);
        String code = root.code("out_contract_code", 64, ParamRules.ALNUM, "digits and ASCII letters");
        String displayName = root.text("display_name", 64);
        String notifyUrl = root.url("contract_notify_url", 256);
        Integer repaymentDay = root.optionalInt("repayment_day", 1, 31);
        long limit = root.fen("repayment_amount_limit");
        String subMchid = root.optionalText("sub_mchid", 32);
        String subAppid = root.optionalText("sub_appid", 32);
        root.object(RealIdentity.FIELD, false);   // checked and decrypted before the ledger: RealIdentity
        if (h5) {
            root.object("jump_info", true).text("jump_appid", 32);
        }
        if (byCode.containsKey(code)) {
            throw ParamRules.invalidRequest("out_contract_code " + code + " was already used; it is never reusable");
        }
        PlanType type = planId.startsWith("CASH") ? PlanType.CASH_LOAN : PlanType.CONSUMER_LOAN;
        add(new Account(new Contract(null, code, planId, type, appid, null, subMchid, subAppid, Contract.INVALID, limit),
                displayName, notifyUrl, repaymentDay));
        String token = String.format("SandboxPresign%018d", ++presigns);
        ObjectNode answer = JSON.objectNode();
        if (h5) {
            answer.put("redirect_url", "https://sandbox.invalid/credit-repayment/sign?token=" + token);
        } else {
            answer.put("presign_token", token);
        }
        return Answer.ok(answer);
    }

    private void add(Account account) {
        Contract contract = account.contract;
        if (byCode.putIfAbsent(contract.outContractCode(), account) != null) {
            throw new IllegalArgumentException("duplicate out_contract_code " + contract.outContractCode());
        }
        if (contract.contractId() != null && byContractId.putIfAbsent(contract.contractId(), account) != null) {
            throw new IllegalArgumentException("duplicate contract_id " + contract.contractId());
        }
    }

    private Account account(String outContractCode) {
        Account account = byCode.get(outContractCode);
        if (account == null) {
            throw ParamRules.notFound("RESOURCE_NOT_EXISTS", "no contract with out_contract_code " + outContractCode);
        }
        return account;
    }

    /** The contract as the query, the terminate answer and the control endpoints show it, spelled as {@link #fields}. */
    private ObjectNode contractJson(Account account) {
        return switch (fields) {
            case CURRENT -> contractJson(account, TERMINATED_MODE, true);
            case LEGACY -> contractJson(account, TERMINATION_MODE, false);
        };
    }

    /** The contract as SIGN_CONTRACT and TERMINATE_CONTRACT carry it (the server adds {@code sp_mchid}). */
    private static ObjectNode callbackJson(Account account) {
        return contractJson(account, TERMINATED_MODE, false);
    }

    private static ObjectNode contractJson(Account account, String modeField, boolean limitAsInteger) {
        Contract c = account.contract;
        ObjectNode json = JSON.objectNode();
        Ledger.putIfPresent(json, "contract_id", c.contractId());
        json.put("plan_id", c.planId());
        json.put("out_contract_code", c.outContractCode());
        json.put("display_name", account.displayName);
        json.put("contract_state", "CONTRACT_STATE_" + c.state());
        Ledger.putIfPresent(json, "contract_signed_time", Ledger.rfc3339(account.signedAt));
        Ledger.putIfPresent(json, "contract_terminated_time", Ledger.rfc3339(account.terminatedAt));
        Ledger.putIfPresent(json, modeField, account.terminationMode);
        Ledger.putIfPresent(json, "contract_termination_remark", account.terminationRemark);
        if (account.repaymentDay != null) {
            json.put("repayment_day", account.repaymentDay.intValue());
        }
        Ledger.putIfPresent(json, "openid", c.openid());
        json.put("appid", c.appid());
        if (limitAsInteger) {
            json.put("repayment_amount_limit", c.repaymentAmountLimit());
        } else {
            json.put("repayment_amount_limit", Long.toString(c.repaymentAmountLimit()));
        }
        return json;
    }

    /** A contract just signed, and its step: the answer and what to fire once the ledger's lock is released. */
    record Signed(Contract contract, Ledger.Step step) { }

    /** A contract plus what only the sandbox tracks; mutated under the ledger's lock. */
    private static final class Account {
        Contract contract;
        final String displayName;
        final String notifyUrl;              // null for seeded contracts: no callbacks
        final Integer repaymentDay;
        Instant signedAt;
        Instant terminatedAt;
        String terminationMode;
        String terminationRemark;

        Account(Contract contract, String displayName, String notifyUrl, Integer repaymentDay) {
            this.contract = contract;
            this.displayName = displayName;
            this.notifyUrl = notifyUrl;
            this.repaymentDay = repaymentDay;
        }
    }
}
