package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.sandbox.SandboxFixtures.PARTNER;

import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import wechatpay.reactor.internal.Verdict.Kind;

/**
 * Contract query and terminate answers over real HTTP, spelled as ContractFields.CURRENT (the default), and the
 * fields of the contract and deduction callbacks, which no ContractFields changes.
 */
class SandboxContractAnswersTest extends ControlTestBase {
    static final String TERMINATE = PARTNER + "/contracts/terminate";
    static final List<String> CONTRACT_CALLBACK = List.of("sp_mchid", "contract_id", "plan_id", "out_contract_code",
            "display_name", "contract_state", "contract_signed_time", "repayment_day", "repayment_amount_limit",
            "appid", "openid");
    static final List<String> TERMINATED = List.of("contract_terminated_time", "contract_terminated_mode",
            "contract_termination_remark");

    @Test
    void terminateAnswersTheContractInfoSignedAndTheQueryAgrees() {
        SandboxCaller.Answer ended = caller.post(TERMINATE, terminateBody(contract.outContractCode(), "user asked"));

        assertThat(ended.status()).isEqualTo(200);
        assertThat(ended.verdict().kind()).isEqualTo(Kind.VALID);
        assertThat(ended.header("Content-Type")).isEqualTo("application/json");
        assertThat(ended.json().propertyNames()).containsExactly("contract_info");
        JsonNode info = ended.json().get("contract_info");
        assertThat(info.get("contract_state").stringValue()).isEqualTo("CONTRACT_STATE_TERMINATED");
        assertThat(info.get("contract_id").stringValue()).isEqualTo(contract.contractId());
        assertThat(info.get("out_contract_code").stringValue()).isEqualTo(contract.outContractCode());
        assertThat(info.get("contract_termination_remark").stringValue()).isEqualTo("user asked");
        assertThat(info.get("contract_terminated_time").stringValue()).isNotBlank();
        SandboxCaller.Answer query = caller.get(PARTNER + "/contracts/" + contract.outContractCode());
        assertThat(query.json()).isEqualTo(info);

        SandboxCaller.Answer again = caller.post(TERMINATE, terminateBody(contract.outContractCode(), "again"));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("message").stringValue()).contains("already terminated");
    }

    @Test
    void currentFieldsNameTheTerminatedModeAndGiveTheLimitAsAnInteger() {
        JsonNode effective = caller.get(PARTNER + "/contracts/" + contract.outContractCode()).json();
        assertThat(effective.get("repayment_amount_limit").isIntegralNumber()).isTrue();
        assertThat(effective.get("repayment_amount_limit").longValue()).isEqualTo(contract.repaymentAmountLimit());

        JsonNode info = caller.post(TERMINATE, terminateBody(contract.outContractCode(), "done")).json()
                .get("contract_info");
        assertThat(info.get("contract_terminated_mode").stringValue()).isEqualTo("TERMINATION_MODE_BY_MERCHANT");
        assertThat(info.has("contract_termination_mode")).isFalse();
        assertThat(info.get("repayment_amount_limit").isIntegralNumber()).isTrue();
    }

    @Test
    void contractCallbacksCarryTheDocumentedFieldsAndTheLimitAsAString() {
        presignFor("FIELDS1");
        control("POST", "/sandbox/contracts/FIELDS1/sign", null);
        caller.post(TERMINATE, terminateBody("FIELDS1", "closed"));

        StepVerifier.create(catcher.callbacks("CREDIT_REPAYMENT.SIGN_CONTRACT").take(1))
                .assertNext(signed -> {
                    assertContractCallback(signed.plaintext());
                    assertThat(signed.plaintext().get("contract_state").stringValue())
                            .isEqualTo("CONTRACT_STATE_EFFECTIVE");
                })
                .expectComplete().verify(TIMEOUT);
        StepVerifier.create(catcher.callbacks("CREDIT_REPAYMENT.TERMINATE_CONTRACT").take(1))
                .assertNext(ended -> {
                    assertContractCallback(ended.plaintext());
                    assertThat(ended.plaintext().propertyNames()).containsAll(TERMINATED);
                    assertThat(ended.plaintext().get("contract_terminated_mode").stringValue())
                            .isEqualTo("TERMINATION_MODE_BY_MERCHANT");
                })
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    void deductionPayNamesThePartnerAndTheSubMerchant() {
        deductOrder("R1", "T1");
        StepVerifier.create(catcher.callbacks("CREDIT_REPAYMENT.DEDUCTION_PAY").take(1))
                .assertNext(c -> {
                    assertThat(c.verdict().isValid()).isTrue();
                    assertThat(c.plaintext().propertyNames()).contains("sp_mchid", "sub_mchid", "appid", "openid",
                            "order_state", "out_trade_no", "out_record_id", "contract_id", "deduct_amount",
                            "pay_success_amount", "description", "transaction_id");
                    assertThat(c.plaintext().get("sp_mchid").stringValue()).isEqualTo(sandbox.identity().mchid());
                    assertThat(c.plaintext().get("sub_mchid").stringValue()).isEqualTo(contract.subMchid());
                })
                .expectComplete().verify(TIMEOUT);
    }

    static void assertContractCallback(JsonNode plaintext) {
        assertThat(plaintext.propertyNames()).containsAll(CONTRACT_CALLBACK);
        assertThat(plaintext.get("sp_mchid").stringValue()).isEqualTo(SandboxFixtures.IDENTITY.mchid());
        assertThat(plaintext.get("repayment_amount_limit").stringValue()).isEqualTo("100000");
        assertThat(plaintext.has("contract_termination_mode")).isFalse();
    }

    static String terminateBody(String outContractCode, String remark) {
        return SandboxFixtures.text(JsonNodeFactory.instance.objectNode().put("out_contract_code", outContractCode)
                .put("contract_termination_remark", remark));
    }
}
