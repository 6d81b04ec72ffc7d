package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Ledger under {@link Repeats#REFUSE}: a repeat is refused, creates nothing and sends no second callback. */
class LedgerRepeatsTest extends LedgerFixtures {

    @BeforeEach
    void refuse() {
        ledger = new Ledger(CLOCK, SEEDED, events, Repeats.REFUSE);
    }

    private static ObjectNode deductRequest(String outTradeNo, String outRecordId) {
        return JSON.createObjectNode().put("contract_id", CONSUMER.contractId()).put("out_trade_no", outTradeNo)
                .put("out_record_id", outRecordId).put("deduct_amount", "8000").put("notify_url", NOTIFY)
                .put("description", "信贷还款");
    }

    private static void assertAlreadyUsed(Answer answer, String key) {
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("code").stringValue()).isEqualTo("INVALID_REQUEST");
        assertThat(answer.body().get("message").stringValue()).startsWith(key + " has already been used");
    }

    @Test
    void aRepeatedScheduleIsRefusedAndNotCounted() {
        assertThat(schedule(scheduleRequest("R1")).status()).isEqualTo(200);
        assertAlreadyUsed(schedule(scheduleRequest("R1")), "out_record_id R1");
        assertThat(ledger.created("R1")).isEqualTo(1);
        assertThat(ledger.accepted("R1")).isEqualTo(1);
        assertThat(ledger.totalRecords()).isEqualTo(1);
    }

    @Test
    void aRepeatedDeductOrderIsRefusedAndCallsBackOnce() {
        schedule(scheduleRequest("R1"));
        Answer paid = ledger.handle("POST", "deduct-orders", Map.of(), deductRequest("T1", "R1"));
        assertThat(paid.status()).isEqualTo(200);
        assertAlreadyUsed(ledger.handle("POST", "deduct-orders", Map.of(), deductRequest("T1", "R1")),
                "out_trade_no T1");
        assertThat(events.paid).hasSize(1);
        assertThat(ledger.handle("GET", "deduct-orders/T1", Map.of(), null).body()).isEqualTo(paid.body());
    }
}
