package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Scaffolding of the ledger tests: a fresh {@link Ledger} over four seeded contracts per test, a frozen clock, a
 * recorder of its callbacks, and valid request bodies to mutate.
 */
abstract class LedgerFixtures {
    /** 12:00 on 2026-11-27 in Beijing: the booking day is 2026-11-27. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T04:00:00Z"), ZoneOffset.UTC);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<Contract> SEEDED = Ledger.seedContracts(4);
    static final Contract CONSUMER = SEEDED.get(0);
    static final Contract CASH = SEEDED.get(1);
    static final String NOTIFY = "https://merchant.example/notify";

    final Recorder events = new Recorder();
    Ledger ledger;

    @BeforeEach
    void setUp() {
        ledger = new Ledger(CLOCK, SEEDED, events, Repeats.ANSWER_STORED);
    }

    static ObjectNode scheduleRequest(String outRecordId) {
        return (ObjectNode) JSON.readTree("""
                {"contract_id":"%s","appid":"wxd678efh567hg6787","openid":"%s",
                 "schedule_items":[{"out_record_id":"%s","sub_mchid":"1900000109","sub_appid":"wxcbda96de0b165489",
                   "repayment_amount":"10000","min_repayment_amount":"2000","repayment_date":"2026-12-04",
                   "description":"信贷还款","attach":"备注信息"}]}
                """.formatted(CONSUMER.contractId(), CONSUMER.openid(), outRecordId));
    }

    static ArrayNode items(ObjectNode request) {
        return (ArrayNode) request.get("schedule_items");
    }

    static ObjectNode item(ObjectNode request) {
        return (ObjectNode) items(request).get(0);
    }

    static void cash(ObjectNode request) {
        request.put("contract_id", CASH.contractId()).put("openid", CASH.openid());
    }

    Answer schedule(ObjectNode request) {
        return ledger.handle("POST", "schedule-records/batch-create", Map.of(), request);
    }

    static void assertNotFound(Answer answer, String code) {
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body().get("code").stringValue()).isEqualTo(code);
    }

    /** Records callbacks as "url body" lines. */
    static final class Recorder implements Ledger.Events {
        final List<String> paid = Collections.synchronizedList(new ArrayList<>());
        final List<String> signed = Collections.synchronizedList(new ArrayList<>());
        final List<String> terminated = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void deductionPaid(String notifyUrl, ObjectNode order) {
            paid.add(notifyUrl + " " + order);
        }

        @Override
        public void contractSigned(String notifyUrl, ObjectNode contract) {
            signed.add(notifyUrl + " " + contract);
        }

        @Override
        public void contractTerminated(String notifyUrl, ObjectNode contract) {
            terminated.add(notifyUrl + " " + contract);
        }
    }
}
