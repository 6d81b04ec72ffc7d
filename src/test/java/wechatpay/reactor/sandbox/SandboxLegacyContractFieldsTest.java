package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.sandbox.SandboxContractAnswersTest.TERMINATE;
import static wechatpay.reactor.sandbox.SandboxContractAnswersTest.assertContractCallback;
import static wechatpay.reactor.sandbox.SandboxContractAnswersTest.terminateBody;
import static wechatpay.reactor.sandbox.SandboxFixtures.PARTNER;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** ContractFields.LEGACY over real HTTP: the pre-2026 spelling in answers, callbacks unchanged. */
class SandboxLegacyContractFieldsTest extends ControlTestBase {
    @Override
    WechatPaySandbox.Builder builder() {
        return super.builder().contractFields(ContractFields.LEGACY);
    }

    @Test
    void answersNameTheTerminationModeAndGiveTheLimitAsAString() {
        JsonNode effective = caller.get(PARTNER + "/contracts/" + contract.outContractCode()).json();
        assertThat(effective.get("repayment_amount_limit").stringValue())
                .isEqualTo(Long.toString(contract.repaymentAmountLimit()));

        SandboxCaller.Answer ended = caller.post(TERMINATE, terminateBody(contract.outContractCode(), "done"));
        assertThat(ended.verdict().isValid()).isTrue();
        JsonNode info = ended.json().get("contract_info");
        assertThat(info.get("contract_termination_mode").stringValue()).isEqualTo("TERMINATION_MODE_BY_MERCHANT");
        assertThat(info.has("contract_terminated_mode")).isFalse();
        assertThat(info.get("repayment_amount_limit").isString()).isTrue();
        assertThat(caller.get(PARTNER + "/contracts/" + contract.outContractCode()).json()).isEqualTo(info);
    }

    @Test
    void theControlEndpointsSpellTheSameAndCallbacksStayCurrent() {
        presignFor("LEGACY1");
        control("POST", "/sandbox/contracts/LEGACY1/sign", null);
        Control ended = control("POST", "/sandbox/contracts/LEGACY1/terminate-by-user", null);
        assertThat(ended.json().get("contract_termination_mode").stringValue()).isEqualTo("TERMINATION_MODE_BY_USER");
        assertThat(ended.json().get("repayment_amount_limit").stringValue()).isEqualTo("100000");

        StepVerifier.create(catcher.callbacks("CREDIT_REPAYMENT.TERMINATE_CONTRACT").take(1))
                .assertNext(c -> {
                    assertContractCallback(c.plaintext());
                    assertThat(c.plaintext().get("contract_terminated_mode").stringValue())
                            .isEqualTo("TERMINATION_MODE_BY_USER");
                })
                .expectComplete().verify(TIMEOUT);
    }
}
