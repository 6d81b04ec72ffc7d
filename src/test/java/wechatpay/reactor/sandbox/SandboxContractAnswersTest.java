package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.sandbox.SandboxFixtures.PARTNER;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import wechatpay.reactor.internal.Verdict.Kind;

/** Contract query and terminate answers over real HTTP: their documented shape. */
class SandboxContractAnswersTest extends SandboxTestBase {
    static final String TERMINATE = PARTNER + "/contracts/terminate";

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

    static String terminateBody(String outContractCode, String remark) {
        return SandboxFixtures.text(JsonNodeFactory.instance.objectNode().put("out_contract_code", outContractCode)
                .put("contract_termination_remark", remark));
    }
}
