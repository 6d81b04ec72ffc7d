package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Ledger: deduct orders and their callback, presign/sign/terminate of contracts, seeded contracts, routing. */
class LedgerContractsAndOrdersTest extends LedgerFixtures {
    // ---- deduct orders ----

    @Test
    void deductOrderPaysOnceAndCallsBackOnce() {
        schedule(scheduleRequest("R1"));

        Answer paid = deduct(deductRequest("T1", "R1", "8000"));

        assertThat(paid.status()).isEqualTo(200);
        JsonNode order = paid.body();
        assertThat(order.get("order_state").stringValue()).isEqualTo("DEDUCT_ORDER_STATE_PAY_SUCCESS");
        assertThat(order.get("deduct_amount").stringValue()).isEqualTo("8000");
        assertThat(order.get("pay_success_amount").stringValue()).isEqualTo("8000");
        assertThat(order.get("openid").stringValue()).isEqualTo(CONSUMER.openid());
        assertThat(order.get("sub_appid").stringValue()).isEqualTo("wxcbda96de0b165489");
        assertThat(order.get("transaction_id").stringValue()).matches("4200[0-9]{24}");
        ObjectNode callback = JSON.createObjectNode().put("sub_mchid", "1900000109");
        callback.setAll((ObjectNode) order);
        assertThat(events.paid).containsExactly(NOTIFY + " " + callback);

        Answer repeat = deduct(deductRequest("T1", "R1", "8000"));
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.body()).isEqualTo(order);
        assertThat(events.paid).hasSize(1);

        Answer changed = deduct(deductRequest("T1", "R1", "9000"));
        assertThat(changed.status()).isEqualTo(400);
        assertThat(changed.body().get("code").stringValue()).isEqualTo("INVALID_REQUEST");

        Answer again = deduct(deductRequest("T2", "R1", "8000"));
        assertThat(again.body().get("message").stringValue()).contains("already repaid");

        Answer got = ledger.handle("GET", "deduct-orders/T1", Map.of(), null);
        assertThat(got.body()).isEqualTo(order);
        assertNotFound(ledger.handle("GET", "deduct-orders/T9", Map.of(), null), "ORDER_NOT_EXIST");
        assertThat(events.paid).hasSize(1);
    }

    @Test
    void deductOrderNeedsAScheduleAndAnAmountInItsBounds() {
        schedule(scheduleRequest("R1"));                                     // 10000, min 2000

        assertInvalid(deduct(deductRequest("T1", "R9", "8000")), "no schedule record");
        assertParamError(deduct(deductRequest("T1", "R1", "10001")), "/deduct_amount");
        assertParamError(deduct(deductRequest("T1", "R1", "1999")), "/deduct_amount");
        assertParamError(deduct(deductRequest("T1", "R1", "80.00")), "/deduct_amount");
        assertParamError(deduct(deductRequest("T1 2", "R1", "8000")), "/out_trade_no");
        for (String url : List.of("http://merchant.example/notify", "https://merchant.example/notify?a=1", "notify",
                "ftp://merchant.example/x")) {
            assertParamError(deduct(deductRequest("T1", "R1", "8000").put("notify_url", url)), "/notify_url");
        }
        assertParamError(deduct(without(deductRequest("T1", "R1", "8000"), "description")), "/description");
        assertThat(events.paid).isEmpty();

        List<String> loopbacks = List.of("http://127.0.0.1:8080/cb", "http://localhost/cb", "http://[::1]:9/cb");
        for (int i = 0; i < loopbacks.size(); i++) {
            schedule(scheduleRequest("L" + i));
            Answer paid = deduct(deductRequest("T" + i, "L" + i, "10000").put("notify_url", loopbacks.get(i)));
            assertThat(paid.status()).as(loopbacks.get(i)).isEqualTo(200);
        }
        assertThat(events.paid).hasSize(3);
    }

    // ---- contracts ----

    @Test
    void presignSignScheduleTerminate() {
        Answer app = presign("contracts/app-presign", "C1", "CASH_PLAN_01");
        assertThat(app.status()).isEqualTo(200);
        assertThat(app.body().get("presign_token").stringValue()).isNotBlank();

        JsonNode before = ledger.handle("GET", "contracts/C1", Map.of(), null).body();
        assertThat(before.get("contract_state").stringValue()).isEqualTo("CONTRACT_STATE_INVALID");
        assertThat(before.has("contract_id")).isFalse();
        assertThat(before.get("repayment_amount_limit")).isEqualTo(JSON.getNodeFactory().numberNode(100000L));
        assertThat(before.get("repayment_day").intValue()).isEqualTo(5);

        ObjectNode unsigned = scheduleRequest("R1");
        assertInvalid(ledger.handle("POST", "contracts/terminate", Map.of(),
                JSON.createObjectNode().put("out_contract_code", "C1").put("contract_termination_remark", "x")),
                "not signed");

        Contract signed = ledger.signContract("C1");
        assertThat(signed.state()).isEqualTo(Contract.EFFECTIVE);
        assertThat(signed.planType()).isEqualTo(Contract.PlanType.CASH_LOAN);
        assertThat(signed.contractId()).hasSizeLessThanOrEqualTo(64);
        assertThat(ledger.contracts()).contains(signed);
        assertThat(events.signed).singleElement().asString().startsWith(NOTIFY + " ")
                .contains("\"contract_id\":\"" + signed.contractId() + "\"", "\"repayment_amount_limit\":\"100000\"");
        JsonNode after = ledger.handle("GET", "contracts/C1", Map.of(), null).body();
        assertThat(after.get("contract_state").stringValue()).isEqualTo("CONTRACT_STATE_EFFECTIVE");
        assertThat(after.get("contract_id").stringValue()).isEqualTo(signed.contractId());
        assertThat(after.get("openid").stringValue()).isEqualTo(signed.openid());
        assertThat(after.get("contract_signed_time").stringValue()).isEqualTo("2026-11-27T12:00:00+08:00");
        assertThatThrownBy(() -> ledger.signContract("C1")).isInstanceOf(IllegalStateException.class);

        unsigned.put("contract_id", signed.contractId()).put("openid", signed.openid());
        item(unsigned).remove("min_repayment_amount");                    // cash loan: optional
        assertThat(schedule(unsigned).status()).isEqualTo(200);

        Answer terminated = ledger.handle("POST", "contracts/terminate", Map.of(),
                JSON.createObjectNode().put("out_contract_code", "C1").put("contract_termination_remark", "user asked"));
        assertThat(terminated.status()).isEqualTo(200);
        JsonNode last = ledger.handle("GET", "contracts/C1", Map.of(), null).body();
        assertThat(terminated.body()).isEqualTo(JSON.createObjectNode().set("contract_info", last));
        assertThat(last.get("contract_state").stringValue()).isEqualTo("CONTRACT_STATE_TERMINATED");
        assertThat(last.get("contract_termination_remark").stringValue()).isEqualTo("user asked");
        assertThat(last.get("contract_terminated_time").stringValue()).isEqualTo("2026-11-27T12:00:00+08:00");
        ObjectNode afterEnd = unsigned.deepCopy();
        item(afterEnd).put("out_record_id", "R2");
        assertInvalid(schedule(afterEnd), "not effective");
        assertInvalid(ledger.handle("POST", "contracts/terminate", Map.of(),
                JSON.createObjectNode().put("out_contract_code", "C1").put("contract_termination_remark", "again")),
                "already terminated");
        assertThat(events.terminated).hasSize(1);
    }

    @Test
    void presignRules() {
        Answer h5 = presign("contracts/h5-presign", "C2", "CONSUMER_PLAN");
        assertThat(h5.body().get("redirect_url").stringValue()).startsWith("https://sandbox.invalid/credit-repayment/sign?token=");
        assertThat(ledger.signContract("C2").planType()).isEqualTo(Contract.PlanType.CONSUMER_LOAN);

        assertInvalid(presign("contracts/app-presign", "C2", "CASH_PLAN"), "never reusable");
        ObjectNode noJump = presignRequest("C3", "P");
        noJump.remove("jump_info");
        assertParamError(ledger.handle("POST", "contracts/h5-presign", Map.of(), noJump), "/jump_info");
        assertParamError(ledger.handle("POST", "contracts/app-presign", Map.of(),
                presignRequest("C3", "P").put("repayment_amount_limit", 100000)), "/repayment_amount_limit");
        assertParamError(ledger.handle("POST", "contracts/app-presign", Map.of(),
                presignRequest("C3", "P").put("contract_notify_url", "https://m.example/n?x=1")), "/contract_notify_url");
        assertParamError(ledger.handle("POST", "contracts/app-presign", Map.of(),
                presignRequest("C-3", "P")), "/out_contract_code");
        assertThatThrownBy(() -> ledger.signContract("nope")).isInstanceOf(IllegalArgumentException.class);
        assertThat(events.signed).hasSize(1);
    }

    @Test
    void seededContractsAnswerQueriesAndTerminateWithoutCallback() {
        JsonNode seeded = ledger.handle("GET", "contracts/" + CONSUMER.outContractCode(), Map.of(), null).body();
        assertThat(seeded.get("contract_id").stringValue()).isEqualTo(CONSUMER.contractId());
        assertThat(seeded.get("contract_state").stringValue()).isEqualTo("CONTRACT_STATE_EFFECTIVE");

        Answer ended = ledger.handle("POST", "contracts/terminate", Map.of(), JSON.createObjectNode()
                .put("out_contract_code", CONSUMER.outContractCode()).put("contract_termination_remark", "done"));
        assertThat(ended.status()).isEqualTo(200);
        assertThat(ended.body().at("/contract_info/contract_state").stringValue()).isEqualTo("CONTRACT_STATE_TERMINATED");
        assertThat(ended.body().at("/contract_info/contract_id").stringValue()).isEqualTo(CONSUMER.contractId());
        assertThat(events.terminated).isEmpty();
        assertThat(ledger.contracts().get(0).state()).isEqualTo(Contract.TERMINATED);
        assertInvalid(schedule(scheduleRequest("R1")), "not effective");

        assertNotFound(ledger.handle("GET", "contracts/NOPE", Map.of(), null), "RESOURCE_NOT_EXISTS");
        assertNotFound(ledger.handle("POST", "contracts/terminate", Map.of(), JSON.createObjectNode()
                .put("out_contract_code", "NOPE").put("contract_termination_remark", "x")), "RESOURCE_NOT_EXISTS");
    }

    @Test
    void seedContractsAreDeterministic() {
        List<Contract> seeds = Ledger.seedContracts(6);
        assertThat(seeds).isEqualTo(Ledger.seedContracts(6));
        assertThat(seeds).extracting(Contract::planType).containsExactly(
                Contract.PlanType.CONSUMER_LOAN, Contract.PlanType.CASH_LOAN, Contract.PlanType.CONSUMER_LOAN,
                Contract.PlanType.CASH_LOAN, Contract.PlanType.CONSUMER_LOAN, Contract.PlanType.CASH_LOAN);
        assertThat(seeds).extracting(Contract::contractId).doesNotHaveDuplicates().allMatch(id -> id.length() <= 64);
        assertThat(seeds).extracting(Contract::openid).doesNotHaveDuplicates();
        assertThat(seeds).allMatch(c -> c.state().equals(Contract.EFFECTIVE) && c.subMchid().equals("1900000109")
                && c.appid().equals("wxd678efh567hg6787") && c.repaymentAmountLimit() == 50_000_000L);
    }

    @Test
    void routing() {
        assertNotFound(ledger.handle("GET", "nothing/here", Map.of(), null), "RESOURCE_NOT_EXISTS");
        assertNotFound(ledger.handle("GET", "schedule-records/", Map.of(), null), "RESOURCE_NOT_EXISTS");
        assertNotFound(ledger.handle("GET", "deduct-orders/a/b", Map.of(), null), "RESOURCE_NOT_EXISTS");
        assertInvalid(ledger.handle("GET", "deduct-orders", Map.of(), null), "use POST");
        assertInvalid(ledger.handle("PUT", "schedule-records/batch-create", Map.of(), scheduleRequest("R1")), "use POST");
        assertInvalid(ledger.handle("POST", "schedule-records/R1", Map.of(), null), "use GET");
        assertInvalid(ledger.handle("DELETE", "contracts/C1", Map.of(), null), "use GET");
        assertThat(ledger.totalRecords()).isZero();
    }

    // ---- helpers ----

    private static ObjectNode deductRequest(String outTradeNo, String outRecordId, String amount) {
        return JSON.createObjectNode().put("contract_id", CONSUMER.contractId()).put("out_trade_no", outTradeNo)
                .put("out_record_id", outRecordId).put("deduct_amount", amount).put("notify_url", NOTIFY)
                .put("description", "信贷还款").put("attach", "a");
    }

    private static ObjectNode presignRequest(String outContractCode, String planId) {
        ObjectNode request = JSON.createObjectNode().put("appid", "wxd678efh567hg6787").put("plan_id", planId)
                .put("out_contract_code", outContractCode).put("display_name", "***G").put("contract_notify_url", NOTIFY)
                .put("repayment_day", 5).put("repayment_amount_limit", "100000").put("sub_mchid", "1900000109");
        request.putObject("real_identity").put("identity_type", "ID_CARD").put("identity_id", "b64").put("real_name", "b64");
        request.putObject("jump_info").put("jump_appid", "wxd678efh567hg6787");
        return request;
    }

    private static ObjectNode without(ObjectNode request, String name) {
        request.remove(name);
        return request;
    }

    private Answer deduct(ObjectNode request) {
        return ledger.handle("POST", "deduct-orders", Map.of(), request);
    }

    private Answer presign(String path, String code, String planId) {
        return ledger.handle("POST", path, Map.of(), presignRequest(code, planId));
    }

    private static void assertInvalid(Answer answer, String messagePart) {
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("code").stringValue()).isEqualTo("INVALID_REQUEST");
        assertThat(answer.body().get("message").stringValue()).contains(messagePart);
    }

    private static void assertParamError(Answer answer, String field) {
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("code").stringValue()).isEqualTo("PARAM_ERROR");
        assertThat(answer.body().get("detail").get("field").stringValue()).isEqualTo(field);
    }
}
