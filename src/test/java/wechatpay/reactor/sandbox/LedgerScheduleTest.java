package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Ledger: schedule-records/batch-create validation, repeats of an out_record_id, the query, concurrency. */
class LedgerScheduleTest extends LedgerFixtures {
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

        Answer answer = schedule(request);

        assertThat(answer.status()).as(name).isEqualTo(status);
        if (status == 200) {
            assertThat(answer.body().get("schedule_records").get(0).get("out_record_id").stringValue()).isEqualTo("R1");
            assertThat(ledger.created("R1")).isEqualTo(1);
            return;
        }
        assertThat(answer.body().get("code").stringValue()).isEqualTo(code);
        assertThat(answer.body().get("message").stringValue()).isNotBlank();
        if (field != null) {
            JsonNode detail = answer.body().get("detail");
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
            Answer answer = ledger.handle("POST", "schedule-records/batch-create", Map.of(), body);
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().get("detail").get("field").stringValue()).isEmpty();
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
        Answer first = schedule(scheduleRequest("R1"));
        ObjectNode reordered = JSON.createObjectNode();         // same content, other key order
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(scheduleRequest("R1").properties());
        Collections.reverse(fields);
        fields.forEach(e -> reordered.set(e.getKey(), e.getValue()));

        Answer again = schedule(reordered);

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

            Answer answer = schedule(request);

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().get("code").stringValue()).isEqualTo("INVALID_REQUEST");
            assertThat(answer.body().get("message").stringValue()).contains("R1", "already used", "different content");
        }
        assertThat(ledger.created("R1")).isEqualTo(1);
        assertThat(ledger.accepted("R1")).isEqualTo(1);
        assertThat(query("R1", CONSUMER.contractId()).body().get("repayment_amount").stringValue()).isEqualTo("10000");
    }

    @Test
    void queryFindsTheRecordOnlyUnderItsContract() {
        JsonNode created = schedule(scheduleRequest("R1")).body().get("schedule_records").get(0);

        Answer found = query("R1", CONSUMER.contractId());
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body()).isEqualTo(created);

        assertNotFound(query("R2", CONSUMER.contractId()), "RESOURCE_NOT_EXISTS");
        assertNotFound(query("R1", CASH.contractId()), "RESOURCE_NOT_EXISTS");

        Answer missing = ledger.handle("GET", "schedule-records/R1", Map.of(), null);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().get("code").stringValue()).isEqualTo("PARAM_ERROR");
        assertThat(missing.body().get("detail").get("field").stringValue()).isEqualTo("contract_id");
        assertThat(missing.body().get("detail").get("location").stringValue()).isEqualTo("query");
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

    private Answer query(String outRecordId, String contractId) {
        return ledger.handle("GET", "schedule-records/" + outRecordId, Map.of("contract_id", contractId), null);
    }
}
