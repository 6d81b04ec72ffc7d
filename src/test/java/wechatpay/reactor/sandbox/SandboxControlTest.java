package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.sandbox.SandboxFixtures.APP_PRESIGN;
import static wechatpay.reactor.sandbox.SandboxFixtures.IDENTITY;
import static wechatpay.reactor.sandbox.SandboxFixtures.PARTNER;
import static wechatpay.reactor.sandbox.SandboxFixtures.presign;
import static wechatpay.reactor.sandbox.SandboxFixtures.text;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.internal.Headers;

/** The /sandbox/ control endpoints over real HTTP: the user signs and terminates, a paid order cannot settle. */
class SandboxControlTest extends ControlTestBase {
    @Test
    void theUserSignsAPresignedContractAndItsNotifyUrlHearsSignContract() {
        presignFor("CTL1");

        Control signed = control("POST", "/sandbox/contracts/CTL1/sign", null);

        assertThat(signed.status()).isEqualTo(200);
        assertThat(signed.json().get("contract_state").stringValue()).isEqualTo("CONTRACT_STATE_EFFECTIVE");
        String contractId = signed.json().get("contract_id").stringValue();
        assertThat(caller.get(PARTNER + "/contracts/CTL1").json()).isEqualTo(signed.json());
        StepVerifier.create(catcher.callbacks("CREDIT_REPAYMENT.SIGN_CONTRACT").take(1))
                .assertNext(c -> {
                    assertThat(c.path()).isEqualTo("/contract");
                    assertThat(c.verdict().isValid()).isTrue();
                    assertThat(c.plaintext().get("contract_id").stringValue()).isEqualTo(contractId);
                    assertThat(c.plaintext().get("contract_state").stringValue()).isEqualTo("CONTRACT_STATE_EFFECTIVE");
                })
                .expectComplete().verify(TIMEOUT);

        Control again = control("POST", "/sandbox/contracts/CTL1/sign", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").stringValue()).isEqualTo("CONFLICT");
        assertThat(again.message()).contains("already CONTRACT_STATE_EFFECTIVE");
        Control unknown = control("POST", "/sandbox/contracts/NOPE/sign", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").stringValue()).isEqualTo("RESOURCE_NOT_EXISTS");
    }

    @Test
    void theUserTerminatesAnEffectiveContract() {
        presignFor("CTL2");
        Control notYet = control("POST", "/sandbox/contracts/CTL2/terminate-by-user", null);
        assertThat(notYet.status()).isEqualTo(409);
        assertThat(notYet.message()).contains("not signed yet");
        control("POST", "/sandbox/contracts/CTL2/sign", null);

        Control ended = control("POST", "/sandbox/contracts/CTL2/terminate-by-user", null);

        assertThat(ended.status()).isEqualTo(200);
        assertThat(ended.json().get("contract_state").stringValue()).isEqualTo("CONTRACT_STATE_TERMINATED");
        assertThat(ended.json().get("contract_terminated_mode").stringValue()).isEqualTo("TERMINATION_MODE_BY_USER");
        assertThat(caller.get(PARTNER + "/contracts/CTL2").json()).isEqualTo(ended.json());
        StepVerifier.create(catcher.callbacks("CREDIT_REPAYMENT.TERMINATE_CONTRACT").take(1))
                .assertNext(c -> assertThat(c.plaintext().get("contract_terminated_mode").stringValue())
                        .isEqualTo("TERMINATION_MODE_BY_USER"))
                .expectComplete().verify(TIMEOUT);
        assertThat(control("POST", "/sandbox/contracts/CTL2/terminate-by-user", null).message())
                .contains("already terminated");
        assertThat(control("POST", "/sandbox/contracts/NOPE/terminate-by-user", null).status()).isEqualTo(404);
    }

    @Test
    void anOrderPaidAtOnceCannotBeSettledAgain() {
        deductOrder("R1", "T1");
        Control settle = control("POST", "/sandbox/deduct-orders/T1/settle", "{\"result\":\"PAY_FAIL\"}");
        assertThat(settle.status()).isEqualTo(409);
        assertThat(settle.message()).contains("already settled: DEDUCT_ORDER_STATE_PAY_SUCCESS");
        assertThat(caller.get(PARTNER + "/deduct-orders/T1").json().get("order_state").stringValue())
                .isEqualTo("DEDUCT_ORDER_STATE_PAY_SUCCESS");
    }

    @Test
    void settleRefusesABadBodyAnUnknownOrderAndOtherMethods() {
        deductOrder("R1", "T1");
        for (String body : new String[] {"{\"result\":\"PAID\"}", "{}", "{\"result\":1}"}) {
            Control bad = control("POST", "/sandbox/deduct-orders/T1/settle", body);
            assertThat(bad.status()).as(body).isEqualTo(400);
            assertThat(bad.json().at("/detail/field").stringValue()).isEqualTo("/result");
        }
        assertThat(control("POST", "/sandbox/deduct-orders/T1/settle", "not json").json().get("code").stringValue())
                .isEqualTo("PARAM_ERROR");
        assertThat(control("POST", "/sandbox/deduct-orders/T1/settle", null).status()).isEqualTo(400);
        Control unknown = control("POST", "/sandbox/deduct-orders/T9/settle", "{\"result\":\"PAY_SUCCESS\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").stringValue()).isEqualTo("ORDER_NOT_EXIST");
        assertThat(control("GET", "/sandbox/deduct-orders/T1/settle", null).status()).isEqualTo(405);
        Control nowhere = control("POST", "/sandbox/deduct-orders/T1/refund", null);
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(nowhere.message()).contains("/sandbox/deduct-orders/{out_trade_no}/settle");
        assertThat(control("POST", "/sandbox/", null).status()).isEqualTo(404);
    }

    @Test
    void controlRequestsNeedNoSignatureAndAreNotCounted() {
        long before = sandbox.stats().requests();
        assertThat(control("POST", "/sandbox/contracts/NOPE/sign", null).status()).isEqualTo(404);
        assertThat(sandbox.stats().requests()).isEqualTo(before);
        assertThat(caller.call("POST", "/sandbox-like/contracts/NOPE/sign", null, h -> { }).status()).isEqualTo(404);
    }
}
