package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class LedgerTest {

    /** 12:00 on 2026-11-27 in Beijing: the booking day is 2026-11-27. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T04:00:00Z"), ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<Contract> SEEDED = Ledger.seedContracts(4);
    private static final Contract CONSUMER = SEEDED.get(0);
    private static final Contract CASH = SEEDED.get(1);
    private static final String NOTIFY = "https://merchant.example/notify";

    private final Recorder events = new Recorder();
    private Ledger ledger;

    @BeforeEach
    void setUp() {
        ledger = new Ledger(CLOCK, SEEDED, events);
    }

    // ---- schedule-records/batch-create: validation ----

    static Stream<Arguments> scheduleCases() {
        return Stream.of(
                rejected("missing contract_id", r -> r.remove("contract_id"), "/contract_id"),
                rejected("missing appid", r -> r.remove("appid"), "/appid"),
                rejected("missing openid", r -> r.remove("openid"), "/openid"),
                rejected("missing schedule_items", r -> r.remove("schedule_items"), "/schedule_items"),
                rejected("missing out_record_id", r -> item(r).remove("out_record_id"), "/schedule_items/0/out_record_id"),
                rejected("missing sub_mchid", r -> item(r).remove("sub_mchid"), "/schedule_items/0/sub_mchid"),
                rejected("missing repayment_amount", r -> item(r).remove("repayment_amount"),
                        "/schedule_items/0/repayment_amount"),
                rejected("missing repayment_date", r -> item(r).remove("repayment_date"), "/schedule_items/0/repayment_date"),
                rejected("contract_id 65", r -> r.put("contract_id", "1".repeat(65)), "/contract_id"),
                rejected("appid 33", r -> r.put("appid", "w".repeat(33)), "/appid"),
                rejected("openid 129", r -> r.put("openid", "o".repeat(129)), "/openid"),
                rejected("out_record_id 33", r -> item(r).put("out_record_id", "A".repeat(33)),
                        "/schedule_items/0/out_record_id"),
                rejected("out_record_id charset", r -> item(r).put("out_record_id", "R-1"), "/schedule_items/0/out_record_id"),
                rejected("sub_mchid 33", r -> item(r).put("sub_mchid", "1".repeat(33)), "/schedule_items/0/sub_mchid"),
                rejected("sub_appid 33", r -> item(r).put("sub_appid", "w".repeat(33)), "/schedule_items/0/sub_appid"),
                rejected("amount as JSON number", r -> item(r).put("repayment_amount", 10000),
                        "/schedule_items/0/repayment_amount"),
                rejected("amount zero", r -> item(r).put("repayment_amount", "0"), "/schedule_items/0/repayment_amount"),
                rejected("amount negative", r -> item(r).put("repayment_amount", "-100"), "/schedule_items/0/repayment_amount"),
                rejected("amount leading zero", r -> item(r).put("repayment_amount", "010000"),
                        "/schedule_items/0/repayment_amount"),
                rejected("amount 01", r -> item(r).put("repayment_amount", "01"), "/schedule_items/0/repayment_amount"),
                rejected("amount 20 digits", r -> item(r).put("repayment_amount", "12345678901234567890"),
                        "/schedule_items/0/repayment_amount"),
                rejected("amount decimal", r -> item(r).put("repayment_amount", "100.00"), "/schedule_items/0/repayment_amount"),
                rejected("min as JSON number", r -> item(r).put("min_repayment_amount", 2000),
                        "/schedule_items/0/min_repayment_amount"),
                rejected("min above amount", r -> item(r).put("min_repayment_amount", "10001"),
                        "/schedule_items/0/min_repayment_amount"),
                rejected("consumer loan without min", r -> item(r).remove("min_repayment_amount"),
                        "/schedule_items/0/min_repayment_amount"),
                rejected("consumer loan min below 5%", r -> item(r).put("min_repayment_amount", "499"),
                        "/schedule_items/0/min_repayment_amount"),
                accepted("consumer loan min exactly 5%", r -> item(r).put("min_repayment_amount", "500")),
                rejected("consumer loan 5% rounds up", r -> {
                    item(r).put("repayment_amount", "10001");
                    item(r).put("min_repayment_amount", "500");
                }, "/schedule_items/0/min_repayment_amount"),
                rejected("cash loan min below 10%", r -> {
                    cash(r);
                    item(r).put("min_repayment_amount", "999");
                }, "/schedule_items/0/min_repayment_amount"),
                accepted("cash loan min exactly 10%", r -> {
                    cash(r);
                    item(r).put("min_repayment_amount", "1000");
                }),
                accepted("cash loan without min", r -> {
                    cash(r);
                    item(r).remove("min_repayment_amount");
                }),
                rejected("date today", r -> item(r).put("repayment_date", "2026-11-27"), "/schedule_items/0/repayment_date"),
                rejected("date today + 15", r -> item(r).put("repayment_date", "2026-12-12"),
                        "/schedule_items/0/repayment_date"),
                accepted("date today + 1", r -> item(r).put("repayment_date", "2026-11-28")),
                accepted("date today + 14", r -> item(r).put("repayment_date", "2026-12-11")),
                rejected("date 2026-02-30", r -> item(r).put("repayment_date", "2026-02-30"),
                        "/schedule_items/0/repayment_date"),
                rejected("date with time", r -> item(r).put("repayment_date", "2026-12-01T00:00:00+08:00"),
                        "/schedule_items/0/repayment_date"),
                rejected("date 2026-12-1", r -> item(r).put("repayment_date", "2026-12-1"), "/schedule_items/0/repayment_date"),
                rejected("2 items", r -> items(r).add(item(r).deepCopy().put("out_record_id", "R2")), "/schedule_items"),
                rejected("0 items", r -> items(r).removeAll(), "/schedule_items"),
                rejected("items not an array", r -> r.set("schedule_items", item(r).deepCopy()), "/schedule_items"),
                rejected("item not an object", r -> items(r).removeAll().add("R1"), "/schedule_items/0"),
                rejected("JSON null attach", r -> item(r).putNull("attach"), "/schedule_items/0/attach"),
                rejected("JSON null unknown field", r -> r.putNull("future_field"), "/future_field"),
                rejected("4-byte character in description", r -> item(r).put("description", "还款\uD83D\uDE00"),
                        "/schedule_items/0/description"),
                rejected("description 128", r -> item(r).put("description", "还".repeat(128)), "/schedule_items/0/description"),
                accepted("description 127", r -> item(r).put("description", "还".repeat(127))),
                rejected("attach 129", r -> item(r).put("attach", "a".repeat(129)), "/schedule_items/0/attach"),
                rejected("empty description", r -> item(r).put("description", ""), "/schedule_items/0/description"),
                accepted("unknown fields ignored", r -> {
                    r.put("future_field", "x");
                    item(r).putObject("future_object").put("a", 1);
                }),
                accepted("optional fields omitted", r -> {
                    item(r).remove("sub_appid");
                    item(r).remove("description");
                    item(r).remove("attach");
                }),
                rejected("appid not the contract's", r -> r.put("appid", "wxother"), "/appid"),
                rejected("openid not the contract's", r -> r.put("openid", SEEDED.get(2).openid()), "/openid"),
                rejected("sub_mchid not the contract's", r -> item(r).put("sub_mchid", "1900000110"),
                        "/schedule_items/0/sub_mchid"),
                rejected("amount above the contract limit", r -> {
                    item(r).put("repayment_amount", "50000001");
                    item(r).put("min_repayment_amount", "2500001");
                }, "/schedule_items/0/repayment_amount"),
                accepted("amount at the contract limit", r -> {
                    item(r).put("repayment_amount", "50000000");
                    item(r).put("min_repayment_amount", "2500000");
                }),
                Arguments.of("unknown contract", (Consumer<ObjectNode>) r -> r.put("contract_id", "999"),
                        404, "RESOURCE_NOT_EXISTS", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scheduleCases")
    void validatesScheduleRequests(String name, Consumer<ObjectNode> mutation, int status, String code, String field) {
        ObjectNode request = scheduleRequest("R1");
        mutation.accept(request);

        Reply reply = schedule(request);

        assertThat(reply.status()).as(name).isEqualTo(status);
        if (status == 200) {
            assertThat(reply.body().get("schedule_records").get(0).get("out_record_id").stringValue()).isEqualTo("R1");
            assertThat(ledger.created("R1")).isEqualTo(1);
            return;
        }
        assertThat(reply.body().get("code").stringValue()).isEqualTo(code);
        assertThat(reply.body().get("message").stringValue()).isNotBlank();
        if (field != null) {
            JsonNode detail = reply.body().get("detail");
            assertThat(detail.get("field").stringValue()).isEqualTo(field);
            assertThat(detail.get("location").stringValue()).isEqualTo("body");
            assertThat(detail.get("issue").stringValue()).isNotBlank();
        }
        assertThat(ledger.totalRecords()).isZero();
        assertThat(ledger.accepted("R1")).isZero();
    }

    @Test
    void bodyMustBeAnObject() {
        for (JsonNode body : new JsonNode[] {null, JSON.createArrayNode(), JSON.getNodeFactory().stringNode("x")}) {
            Reply reply = ledger.handle("POST", "schedule-records/batch-create", Map.of(), body);
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.body().get("detail").get("field").stringValue()).isEmpty();
        }
    }

    @Test
    void detailEchoesShortValuesOnly() {
        ObjectNode request = scheduleRequest("R1");
        item(request).put("repayment_amount", "01");
        assertThat(schedule(request).body().get("detail").get("value").stringValue()).isEqualTo("01");

        item(request).put("repayment_amount", 10000);
        assertThat(schedule(request).body().get("detail").get("value").isNumber()).isTrue();

        request = scheduleRequest("R1");
        request.put("contract_id", "1".repeat(65));
        assertThat(schedule(request).body().get("detail").has("value")).isFalse();

        request = scheduleRequest("R1");
        item(request).put("description", "\uD83D\uDE00");
        assertThat(schedule(request).body().get("detail").has("value")).isFalse();
    }

    @Test
    void successEchoesTheRecordAndOmitsAbsentOptionalFields() {
        ObjectNode full = scheduleRequest("R1");
        JsonNode record = schedule(full).body().get("schedule_records").get(0);
        assertThat(record).isEqualTo(JSON.readTree("""
                {"out_record_id":"R1","appid":"wxd678efh567hg6787","sub_appid":"wxcbda96de0b165489",
                 "contract_id":"%s","repayment_amount":"10000","min_repayment_amount":"2000",
                 "repayment_date":"2026-12-04","openid":"%s","description":"信贷还款","attach":"备注信息"}
                """.formatted(CONSUMER.contractId(), CONSUMER.openid())));

        ObjectNode minimal = scheduleRequest("R2");
        cash(minimal);
        for (String name : List.of("sub_appid", "min_repayment_amount", "description", "attach")) {
            item(minimal).remove(name);
        }
        JsonNode bare = schedule(minimal).body().get("schedule_records").get(0);
        assertThat(bare.propertyNames()).containsExactlyInAnyOrder(
                "out_record_id", "appid", "contract_id", "repayment_amount", "repayment_date", "openid");
    }

    // ---- duplicates and queries ----

    @Test
    void repeatWithSameContentAnswersTheSameRecordWithoutCreating() {
        Reply first = schedule(scheduleRequest("R1"));
        ObjectNode reordered = JSON.createObjectNode();         // same content, other key order
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(scheduleRequest("R1").properties());
        Collections.reverse(fields);
        fields.forEach(e -> reordered.set(e.getKey(), e.getValue()));

        Reply again = schedule(reordered);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(ledger.created("R1")).isEqualTo(1);
        assertThat(ledger.accepted("R1")).isEqualTo(2);
        assertThat(ledger.totalRecords()).isEqualTo(1);
    }

    @Test
    void repeatWithDifferentContentIsRefused() {
        schedule(scheduleRequest("R1"));
        for (Consumer<ObjectNode> change : List.<Consumer<ObjectNode>>of(
                r -> item(r).put("repayment_amount", "10001"),
                r -> item(r).put("sub_mchid", "1900000110"),
                r -> item(r).remove("attach"))) {
            ObjectNode request = scheduleRequest("R1");
            change.accept(request);

            Reply reply = schedule(request);

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.body().get("code").stringValue()).isEqualTo("INVALID_REQUEST");
            assertThat(reply.body().get("message").stringValue()).contains("R1", "already used", "different content");
        }
        assertThat(ledger.created("R1")).isEqualTo(1);
        assertThat(ledger.accepted("R1")).isEqualTo(1);
        assertThat(query("R1", CONSUMER.contractId()).body().get("repayment_amount").stringValue()).isEqualTo("10000");
    }

    @Test
    void queryFindsTheRecordOnlyUnderItsContract() {
        JsonNode created = schedule(scheduleRequest("R1")).body().get("schedule_records").get(0);

        Reply found = query("R1", CONSUMER.contractId());
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body()).isEqualTo(created);

        assertNotFound(query("R2", CONSUMER.contractId()), "RESOURCE_NOT_EXISTS");
        assertNotFound(query("R1", CASH.contractId()), "RESOURCE_NOT_EXISTS");

        Reply missing = ledger.handle("GET", "schedule-records/R1", Map.of(), null);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().get("code").stringValue()).isEqualTo("PARAM_ERROR");
        assertThat(missing.body().get("detail").get("field").stringValue()).isEqualTo("contract_id");
        assertThat(missing.body().get("detail").get("location").stringValue()).isEqualTo("query");
    }

    // ---- deduct orders ----

    @Test
    void deductOrderPaysOnceAndCallsBackOnce() {
        schedule(scheduleRequest("R1"));

        Reply paid = deduct(deductRequest("T1", "R1", "8000"));

        assertThat(paid.status()).isEqualTo(200);
        JsonNode order = paid.body();
        assertThat(order.get("order_state").stringValue()).isEqualTo("DEDUCT_ORDER_STATE_PAY_SUCCESS");
        assertThat(order.get("deduct_amount").stringValue()).isEqualTo("8000");
        assertThat(order.get("pay_success_amount").stringValue()).isEqualTo("8000");
        assertThat(order.get("openid").stringValue()).isEqualTo(CONSUMER.openid());
        assertThat(order.get("sub_appid").stringValue()).isEqualTo("wxcbda96de0b165489");
        assertThat(order.get("transaction_id").stringValue()).matches("4200[0-9]{24}");
        assertThat(events.paid).containsExactly(NOTIFY + " " + order);

        Reply repeat = deduct(deductRequest("T1", "R1", "8000"));
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.body()).isEqualTo(order);
        assertThat(events.paid).hasSize(1);

        Reply changed = deduct(deductRequest("T1", "R1", "9000"));
        assertThat(changed.status()).isEqualTo(400);
        assertThat(changed.body().get("code").stringValue()).isEqualTo("INVALID_REQUEST");

        Reply again = deduct(deductRequest("T2", "R1", "8000"));
        assertThat(again.body().get("message").stringValue()).contains("already repaid");

        Reply got = ledger.handle("GET", "deduct-orders/T1", Map.of(), null);
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
            Reply paid = deduct(deductRequest("T" + i, "L" + i, "10000").put("notify_url", loopbacks.get(i)));
            assertThat(paid.status()).as(loopbacks.get(i)).isEqualTo(200);
        }
        assertThat(events.paid).hasSize(3);
    }

    // ---- contracts ----

    @Test
    void presignSignScheduleTerminate() {
        Reply app = presign("contracts/app-presign", "C1", "CASH_PLAN_01");
        assertThat(app.status()).isEqualTo(200);
        assertThat(app.body().get("presign_token").stringValue()).isNotBlank();

        JsonNode before = ledger.handle("GET", "contracts/C1", Map.of(), null).body();
        assertThat(before.get("contract_state").stringValue()).isEqualTo("CONTRACT_STATE_INVALID");
        assertThat(before.has("contract_id")).isFalse();
        assertThat(before.get("repayment_amount_limit").stringValue()).isEqualTo("100000");
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
        assertThat(events.signed).containsExactly(NOTIFY + " " + ledger.handle("GET", "contracts/C1", Map.of(), null).body());
        JsonNode after = ledger.handle("GET", "contracts/C1", Map.of(), null).body();
        assertThat(after.get("contract_state").stringValue()).isEqualTo("CONTRACT_STATE_EFFECTIVE");
        assertThat(after.get("contract_id").stringValue()).isEqualTo(signed.contractId());
        assertThat(after.get("openid").stringValue()).isEqualTo(signed.openid());
        assertThat(after.get("contract_signed_time").stringValue()).isEqualTo("2026-11-27T12:00:00+08:00");
        assertThatThrownBy(() -> ledger.signContract("C1")).isInstanceOf(IllegalStateException.class);

        unsigned.put("contract_id", signed.contractId()).put("openid", signed.openid());
        item(unsigned).remove("min_repayment_amount");                    // cash loan: optional
        assertThat(schedule(unsigned).status()).isEqualTo(200);

        Reply terminated = ledger.handle("POST", "contracts/terminate", Map.of(),
                JSON.createObjectNode().put("out_contract_code", "C1").put("contract_termination_remark", "user asked"));
        assertThat(terminated.status()).isEqualTo(204);
        assertThat(terminated.body()).isNull();
        assertThat(events.terminated).hasSize(1);
        JsonNode last = ledger.handle("GET", "contracts/C1", Map.of(), null).body();
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
        Reply h5 = presign("contracts/h5-presign", "C2", "CONSUMER_PLAN");
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

        Reply ended = ledger.handle("POST", "contracts/terminate", Map.of(), JSON.createObjectNode()
                .put("out_contract_code", CONSUMER.outContractCode()).put("contract_termination_remark", "done"));
        assertThat(ended.status()).isEqualTo(204);
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

    @Test
    void concurrentRepeatsCreateEachRecordOnce() throws Exception {
        int threads = 8;
        int ids = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Integer>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < ids; i++) {
                        statuses.add(schedule(scheduleRequest("R" + i)).status());
                    }
                    return statuses;
                }));
            }
            start.countDown();
            for (Future<List<Integer>> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).hasSize(ids).containsOnly(200);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < ids; i++) {
            assertThat(ledger.created("R" + i)).as("R" + i).isEqualTo(1);
            assertThat(ledger.accepted("R" + i)).as("R" + i).isEqualTo(threads);
        }
        assertThat(ledger.totalRecords()).isEqualTo(ids);
    }

    // ---- helpers ----

    private static Arguments rejected(String name, Consumer<ObjectNode> mutation, String field) {
        return Arguments.of(name, mutation, 400, "PARAM_ERROR", field);
    }

    private static Arguments accepted(String name, Consumer<ObjectNode> mutation) {
        return Arguments.of(name, mutation, 200, null, null);
    }

    private static ObjectNode scheduleRequest(String outRecordId) {
        return (ObjectNode) JSON.readTree("""
                {"contract_id":"%s","appid":"wxd678efh567hg6787","openid":"%s",
                 "schedule_items":[{"out_record_id":"%s","sub_mchid":"1900000109","sub_appid":"wxcbda96de0b165489",
                   "repayment_amount":"10000","min_repayment_amount":"2000","repayment_date":"2026-12-04",
                   "description":"信贷还款","attach":"备注信息"}]}
                """.formatted(CONSUMER.contractId(), CONSUMER.openid(), outRecordId));
    }

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

    private static ArrayNode items(ObjectNode request) {
        return (ArrayNode) request.get("schedule_items");
    }

    private static ObjectNode item(ObjectNode request) {
        return (ObjectNode) items(request).get(0);
    }

    private static void cash(ObjectNode request) {
        request.put("contract_id", CASH.contractId()).put("openid", CASH.openid());
    }

    private static ObjectNode without(ObjectNode request, String name) {
        request.remove(name);
        return request;
    }

    private Reply schedule(ObjectNode request) {
        return ledger.handle("POST", "schedule-records/batch-create", Map.of(), request);
    }

    private Reply deduct(ObjectNode request) {
        return ledger.handle("POST", "deduct-orders", Map.of(), request);
    }

    private Reply query(String outRecordId, String contractId) {
        return ledger.handle("GET", "schedule-records/" + outRecordId, Map.of("contract_id", contractId), null);
    }

    private Reply presign(String path, String code, String planId) {
        return ledger.handle("POST", path, Map.of(), presignRequest(code, planId));
    }

    private static void assertNotFound(Reply reply, String code) {
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().get("code").stringValue()).isEqualTo(code);
    }

    private static void assertInvalid(Reply reply, String messagePart) {
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().get("code").stringValue()).isEqualTo("INVALID_REQUEST");
        assertThat(reply.body().get("message").stringValue()).contains(messagePart);
    }

    private static void assertParamError(Reply reply, String field) {
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().get("code").stringValue()).isEqualTo("PARAM_ERROR");
        assertThat(reply.body().get("detail").get("field").stringValue()).isEqualTo(field);
    }

    /** Records callbacks as "url body" lines. */
    private static final class Recorder implements Ledger.Events {
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
