package wechatpay.reactor.creditrepayment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.ValidationException;

/** Wire mapping: exact request trees (no nulls, amounts as strings) and lenient reading of records. */
class ScheduleWireTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** The seed page's request, as one item. */
    static ScheduleItem.Builder seed() {
        return ScheduleItemTest.valid().repaymentDate(LocalDate.of(2025, 11, 18)).loanType(LoanType.CONSUMER_LOAN);
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    @Test
    void fullRequestIsTheSeedPageBody() {
        ObjectNode body = ScheduleWire.request(seed().build());

        assertThat(body).isEqualTo(json("""
                {"contract_id": "20251105000000123456789",
                 "appid": "wxd678efh567hg6787",
                 "openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
                 "schedule_items": [{
                   "out_record_id": "1234567abcde",
                   "sub_mchid": "1900000109",
                   "sub_appid": "wxcbda96de0b165489",
                   "repayment_amount": "10000",
                   "min_repayment_amount": "2000",
                   "repayment_date": "2025-11-18",
                   "description": "信贷还款",
                   "attach": "备注信息"}]}
                """));
        assertThat(body.get("schedule_items").get(0).get("repayment_amount").isString()).isTrue();
    }

    @Test
    void minimalRequestOmitsAbsentOptionals() {
        ObjectNode body = ScheduleWire.request(seed().subAppid(null).minRepaymentAmount(OptionalLong.empty())
                .description(null).attach(null).loanType(null).repaymentDate(LocalDate.of(2026, 1, 5))
                .repaymentAmount(999_999_999_999_999_999L).build());

        assertThat(body).isEqualTo(json("""
                {"contract_id": "20251105000000123456789",
                 "appid": "wxd678efh567hg6787",
                 "openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
                 "schedule_items": [{
                   "out_record_id": "1234567abcde",
                   "sub_mchid": "1900000109",
                   "repayment_amount": "999999999999999999",
                   "repayment_date": "2026-01-05"}]}
                """));
        assertThat(JSON.writeValueAsString(body)).doesNotContain("null");
    }

    @Test
    void requestNeverWritesNullForAnUnsetRequiredField() {
        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> ScheduleWire.request(seed().repaymentDate(null).build()));

        assertThat(e.field()).isEqualTo("repayment_date");
    }

    static final String SEED_RECORD = """
            {"out_record_id": "1234567abcde",
             "appid": "wxd678efh567hg6787",
             "sub_appid": "wxcbda96de0b165489",
             "contract_id": "20251105000000123456789",
             "repayment_amount": "10000",
             "min_repayment_amount": "2000",
             "repayment_date": "2025-11-18",
             "description": "信贷还款",
             "attach": "备注信息",
             "openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}
            """;

    static final ScheduleRecord SEED = new ScheduleRecord("1234567abcde", "wxd678efh567hg6787",
            Optional.of("wxcbda96de0b165489"), "20251105000000123456789", 10_000, OptionalLong.of(2_000),
            LocalDate.of(2025, 11, 18), "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", Optional.of("信贷还款"), Optional.of("备注信息"));

    @Test
    void seedResponseParses() {
        List<ScheduleRecord> records = ScheduleWire.records(json("{\"schedule_records\": [" + SEED_RECORD + "]}"));

        assertThat(records).containsExactly(SEED);
        assertThat(ScheduleWire.record(json(SEED_RECORD))).isEqualTo(SEED);
    }

    @Test
    void unknownFieldsAreIgnored() {
        ObjectNode node = (ObjectNode) json(SEED_RECORD);
        node.put("record_state", "SCHEDULED");
        node.putObject("extension").put("x", 1);
        node.putArray("tags").add("a");

        assertThat(ScheduleWire.record(node)).isEqualTo(SEED);
        assertThat(ScheduleWire.records(json("{\"schedule_records\": [], \"next\": null}"))).isEmpty();
    }

    @Test
    void amountsMayBeNumbers() {
        ObjectNode node = (ObjectNode) json(SEED_RECORD);
        node.put("repayment_amount", 10_000);
        node.put("min_repayment_amount", 2_000L);

        assertThat(ScheduleWire.record(node)).isEqualTo(SEED);
        node.put("repayment_amount", 999_999_999_999_999_999L);
        assertThat(ScheduleWire.record(node).repaymentAmount()).isEqualTo(999_999_999_999_999_999L);
    }

    @Test
    void optionalFieldsMayBeMissingNullOrEmpty() {
        ObjectNode node = (ObjectNode) json(SEED_RECORD);
        node.remove("sub_appid");
        node.remove("min_repayment_amount");
        node.putNull("description");
        node.put("attach", "");

        ScheduleRecord record = ScheduleWire.record(node);

        assertThat(record.subAppid()).isEmpty();
        assertThat(record.minRepaymentAmount()).isEmpty();
        assertThat(record.description()).isEmpty();
        assertThat(record.attach()).isEmpty();
        assertThat(record.outRecordId()).isEqualTo("1234567abcde");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"out_record_id", "appid", "contract_id", "repayment_amount", "repayment_date", "openid"})
    void missingRequiredFieldIsNamed(String field) {
        ObjectNode node = (ObjectNode) json(SEED_RECORD);
        node.remove(field);

        assertThatIllegalArgumentException().isThrownBy(() -> ScheduleWire.record(node))
                .withMessage(field + ": required, missing from the schedule record");
        node.putNull(field);
        assertThatIllegalArgumentException().isThrownBy(() -> ScheduleWire.record(node))
                .withMessageStartingWith(field + ": required");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ScheduleWire.records(json("{\"schedule_records\": [" + SEED_RECORD + ","
                        + node + "]}")))
                .withMessageStartingWith("schedule_records[1]." + field + ": required");
    }

    @Test
    void invalidValuesAreNamed() {
        ObjectNode node = (ObjectNode) json(SEED_RECORD);

        node.put("repayment_amount", "12.50");
        assertThatIllegalArgumentException().isThrownBy(() -> ScheduleWire.record(node))
                .withMessage("repayment_amount: expected a non-negative integer amount in fen (JSON string or number),"
                        + " found '12.50'");
        node.put("repayment_amount", "99999999999999999999");
        assertThatIllegalArgumentException().isThrownBy(() -> ScheduleWire.record(node))
                .withMessageStartingWith("repayment_amount: ");
        node.put("repayment_amount", 12.5);
        assertThatIllegalArgumentException().isThrownBy(() -> ScheduleWire.record(node))
                .withMessageStartingWith("repayment_amount: ");
        node.put("repayment_amount", "10000");
        node.put("min_repayment_amount", -1);
        assertThatIllegalArgumentException().isThrownBy(() -> ScheduleWire.record(node))
                .withMessageStartingWith("min_repayment_amount: ");
        node.put("min_repayment_amount", "2000");
        node.put("repayment_date", "2025/11/18");
        assertThatIllegalArgumentException().isThrownBy(() -> ScheduleWire.record(node))
                .withMessage("repayment_date: expected a yyyy-MM-dd date string, found '2025/11/18'");
        node.put("repayment_date", "2025-11-18");
        node.put("appid", 42);
        assertThatIllegalArgumentException().isThrownBy(() -> ScheduleWire.record(node))
                .withMessage("appid: expected a non-empty JSON string, found 42");
        node.put("appid", "x".repeat(500));
        node.put("openid", "");
        assertThatIllegalArgumentException().isThrownBy(() -> ScheduleWire.record(node))
                .withMessage("openid: expected a non-empty JSON string, found ''");
    }

    @Test
    void malformedResponsesAreNamed() {
        assertThatIllegalArgumentException().isThrownBy(() -> ScheduleWire.records(json("{}")))
                .withMessage("schedule_records: missing from the batch-create answer");
        assertThatIllegalArgumentException().isThrownBy(() -> ScheduleWire.records(json("{\"schedule_records\": {}}")))
                .withMessageStartingWith("schedule_records: expected an array");
        assertThatIllegalArgumentException().isThrownBy(() -> ScheduleWire.records(json("[]")))
                .withMessageStartingWith("batch-create answer: expected a JSON object");
        assertThatIllegalArgumentException().isThrownBy(() -> ScheduleWire.records(json("{\"schedule_records\": [1]}")))
                .withMessage("schedule_records[0]: expected a JSON object, found 1");
        assertThatIllegalArgumentException().isThrownBy(() -> ScheduleWire.record(json("\"x\"")))
                .withMessage("schedule record: expected a JSON object, found 'x'");
    }
}
