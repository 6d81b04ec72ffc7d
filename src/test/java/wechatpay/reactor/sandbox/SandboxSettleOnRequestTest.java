package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.sandbox.SandboxFixtures.PARTNER;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** Deductions.ON_REQUEST over real HTTP: orders wait PENDING until settled, then DEDUCTION_PAY tells the merchant. */
class SandboxSettleOnRequestTest extends ControlTestBase {
    private static final String DEDUCTION_PAY = "CREDIT_REPAYMENT.DEDUCTION_PAY";

    @Override
    WechatPaySandbox.Builder builder() {
        return super.builder().deductions(Deductions.ON_REQUEST);
    }

    @Test
    void aNewOrderIsPendingUntilSettledAsPaid() {
        JsonNode created = deductOrder("R1", "T1");
        assertThat(created.get("order_state").stringValue()).isEqualTo("DEDUCT_ORDER_STATE_PENDING");
        assertThat(created.has("transaction_id")).isFalse();
        assertThat(created.has("pay_success_amount")).isFalse();
        assertThat(query("T1")).isEqualTo(created);

        Control settled = control("POST", "/sandbox/deduct-orders/T1/settle", "{\"result\":\"PAY_SUCCESS\"}");

        assertThat(settled.status()).isEqualTo(200);
        JsonNode paid = query("T1");
        assertThat(paid).isEqualTo(settled.json());
        assertThat(paid.get("order_state").stringValue()).isEqualTo("DEDUCT_ORDER_STATE_PAY_SUCCESS");
        assertThat(paid.get("pay_success_amount").stringValue()).isEqualTo("8000");
        assertThat(paid.get("transaction_id").stringValue()).matches("4200[0-9]{24}");
        StepVerifier.create(catcher.callbacks(DEDUCTION_PAY).take(1))
                .assertNext(c -> {
                    assertThat(c.path()).isEqualTo("/paid");
                    assertThat(c.verdict().isValid()).isTrue();
                    assertThat(c.envelope().get("summary").stringValue()).isEqualTo("还款成功");
                    assertThat(c.plaintext().get("order_state").stringValue()).isEqualTo("DEDUCT_ORDER_STATE_PAY_SUCCESS");
                    assertThat(c.plaintext().get("transaction_id")).isEqualTo(paid.get("transaction_id"));
                    assertThat(c.plaintext().get("pay_success_amount").stringValue()).isEqualTo("8000");
                })
                .expectComplete().verify(TIMEOUT);
        assertThat(sandbox.stats().callbackAttempts()).as("no callback while pending").isEqualTo(1);

        Control twice = control("POST", "/sandbox/deduct-orders/T1/settle", "{\"result\":\"PAY_FAIL\"}");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.message()).contains("already settled: DEDUCT_ORDER_STATE_PAY_SUCCESS");
        assertThat(query("T1")).isEqualTo(paid);
    }

    @Test
    void aFailedOrderCarriesNoTransactionAndFreesItsRecord() {
        deductOrder("R1", "T1");
        SandboxCaller.Answer busy = caller.post(SandboxFixtures.DEDUCT, SandboxFixtures.text(
                SandboxFixtures.deduct(contract, "T2", "R1", 8_000, catcher.url("/paid"))));
        assertThat(busy.status()).isEqualTo(400);
        assertThat(busy.json().get("message").stringValue()).contains("DEDUCT_ORDER_STATE_PENDING");

        Control failed = control("POST", "/sandbox/deduct-orders/T1/settle", "{\"result\":\"PAY_FAIL\"}");

        assertThat(failed.status()).isEqualTo(200);
        JsonNode order = query("T1");
        assertThat(order.get("order_state").stringValue()).isEqualTo("DEDUCT_ORDER_STATE_PAY_FAIL");
        assertThat(order.has("transaction_id")).isFalse();
        assertThat(order.has("pay_success_amount")).isFalse();
        StepVerifier.create(catcher.callbacks(DEDUCTION_PAY).take(1))
                .assertNext(c -> {
                    assertThat(c.envelope().get("summary").stringValue()).isEqualTo("还款失败");
                    assertThat(c.plaintext().get("order_state").stringValue()).isEqualTo("DEDUCT_ORDER_STATE_PAY_FAIL");
                    assertThat(c.plaintext().has("transaction_id")).isFalse();
                })
                .expectComplete().verify(TIMEOUT);
        assertThat(control("POST", "/sandbox/deduct-orders/T1/settle", "{\"result\":\"PAY_FAIL\"}").status())
                .isEqualTo(409);

        SandboxCaller.Answer retry = caller.post(SandboxFixtures.DEDUCT, SandboxFixtures.text(
                SandboxFixtures.deduct(contract, "T2", "R1", 8_000, catcher.url("/paid"))));
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("order_state").stringValue()).isEqualTo("DEDUCT_ORDER_STATE_PENDING");
    }

    private JsonNode query(String outTradeNo) {
        SandboxCaller.Answer a = caller.get(PARTNER + "/deduct-orders/" + outTradeNo);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.verdict().isValid()).isTrue();
        return a.json();
    }
}
