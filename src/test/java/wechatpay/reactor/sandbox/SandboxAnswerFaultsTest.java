package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static wechatpay.reactor.sandbox.SandboxFixtures.DEDUCT;
import static wechatpay.reactor.sandbox.SandboxFixtures.IDENTITY;
import static wechatpay.reactor.sandbox.SandboxFixtures.PARTNER;
import static wechatpay.reactor.sandbox.SandboxFixtures.SCHEDULE;
import static wechatpay.reactor.sandbox.SandboxFixtures.deduct;
import static wechatpay.reactor.sandbox.SandboxFixtures.schedule;
import static wechatpay.reactor.sandbox.SandboxFixtures.text;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.test.StepVerifier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.Verdict.Kind;

/**
 * The faults that change a correct answer rather than refuse the request: no Request-ID, schema drift, 202,
 * a garbled body, SIGN_ERROR; each scripted, with what the client sees and whether the sandbox acted.
 */
class SandboxAnswerFaultsTest extends SandboxTestBase {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final String NOWHERE = "http://127.0.0.1:9/notify";

    @Override
    WechatPaySandbox.Builder builder() {
        return super.builder().callbacks(1, Duration.ofMillis(10));
    }

    private String scheduleWithEveryOptional(String outRecordId) {
        ObjectNode body = schedule(contract, outRecordId, 10_000);
        ((ObjectNode) body.get("schedule_items").get(0)).put("sub_appid", "wxcbda96de0b165489").put("attach", "a1");
        return text(body);
    }

    private String query(String outRecordId) {
        return PARTNER + "/schedule-records/" + outRecordId + "?contract_id=" + contract.contractId();
    }

    @Test
    void noRequestIdOnAnyStatusWhileActingNormally() {
        sandbox.enqueue(Fault.NO_REQUEST_ID, Fault.NO_REQUEST_ID);
        SandboxCaller.Answer created = caller.post(SCHEDULE, text(schedule(contract, "N1", 10_000)));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.headers()).doesNotContainKey(Headers.REQUEST_ID).containsKey(Headers.WECHATPAY_SIGNATURE);
        assertThat(created.verdict().kind()).isEqualTo(Kind.VALID);
        assertThat(sandbox.created("N1")).isEqualTo(1);
        SandboxCaller.Answer missing = caller.get(query("N9"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.headers()).doesNotContainKey(Headers.REQUEST_ID);
        assertThat(caller.get(query("N1")).header(Headers.REQUEST_ID)).isNotBlank();
    }

    @Test
    void missingOptionalDropsTheOptionalFieldsOfScheduleRecordsAndOrders() {
        sandbox.enqueue(Fault.MISSING_OPTIONAL, Fault.MISSING_OPTIONAL, Fault.MISSING_OPTIONAL);
        SandboxCaller.Answer created = caller.post(SCHEDULE, scheduleWithEveryOptional("M1"));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.verdict().kind()).isEqualTo(Kind.VALID);
        JsonNode record = created.json().get("schedule_records").get(0);
        assertThat(record.propertyNames()).containsExactlyInAnyOrder("out_record_id", "appid", "repayment_amount",
                "repayment_date", "openid");
        assertThat(sandbox.created("M1")).isEqualTo(1);
        assertThat(caller.get(query("M1")).json().propertyNames()).containsExactlyInAnyOrderElementsOf(
                record.propertyNames());

        SandboxCaller.Answer order = caller.post(DEDUCT, text(deduct(contract, "MT1", "M1", 8_000, NOWHERE)));
        assertThat(order.status()).isEqualTo(200);
        assertThat(order.verdict().kind()).isEqualTo(Kind.VALID);
        assertThat(order.json().propertyNames()).contains("out_trade_no", "order_state", "deduct_amount")
                .doesNotContain("sub_appid", "attach", "pay_success_amount", "transaction_id");

        assertThat(caller.get(query("M1")).json().propertyNames()).contains("contract_id", "sub_appid",
                "min_repayment_amount", "description", "attach");
        assertThat(caller.get(DEDUCT + "/MT1").json().has("transaction_id")).isTrue();
    }

    @Test
    void unknownFieldsAppearAtTheTopAndInEachRecord() {
        sandbox.enqueue(Fault.UNKNOWN_FIELDS, Fault.UNKNOWN_FIELDS);
        SandboxCaller.Answer created = caller.post(SCHEDULE, text(schedule(contract, "U1", 10_000)));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.verdict().kind()).isEqualTo(Kind.VALID);
        assertUnknownFields(created.json());
        JsonNode record = created.json().get("schedule_records").get(0);
        assertUnknownFields(record);
        assertThat(record.get("out_record_id").stringValue()).isEqualTo("U1");
        assertThat(sandbox.created("U1")).isEqualTo(1);

        SandboxCaller.Answer queried = caller.get(query("U1"));
        assertUnknownFields(queried.json());
        assertThat(queried.json().get("repayment_amount").stringValue()).isEqualTo("10000");
    }

    private static void assertUnknownFields(JsonNode node) {
        assertThat(node.get("sandbox_future_text").isString()).isTrue();
        assertThat(node.get("sandbox_future_number").isNumber()).isTrue();
        assertThat(node.get("sandbox_future_object").isObject()).isTrue();
        assertThat(node.get("sandbox_future_array").isArray()).isTrue();
    }

    @Test
    void acceptedActsThenAnswers202WithASignedEmptyBody() {
        sandbox.enqueue(Fault.ACCEPTED);
        String body = text(schedule(contract, "A1", 10_000));
        StepVerifier.create(caller.callAsync("POST", SCHEDULE, body, h -> { }))
                .assertNext(a -> {
                    assertThat(a.status()).isEqualTo(202);
                    assertThat(a.body()).isEmpty();
                    assertThat(a.headers()).doesNotContainKey(Headers.CONTENT_TYPE).containsKey(Headers.REQUEST_ID);
                    assertThat(a.verdict().kind()).isEqualTo(Kind.VALID);
                })
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(sandbox.created("A1")).isEqualTo(1);
        SandboxCaller.Answer repeated = caller.post(SCHEDULE, body);
        assertThat(repeated.status()).isEqualTo(200);
        assertThat(repeated.json().at("/schedule_records/0/out_record_id").stringValue()).isEqualTo("A1");
        assertThat(sandbox.created("A1")).isEqualTo(1);
        assertThat(sandbox.accepted("A1")).isEqualTo(2);
    }

    @Test
    void signErrorRefusesBeforeActingInTheDocumentedShape() {
        sandbox.enqueue(Fault.SIGN_ERROR);
        SandboxCaller.Answer refused = caller.post(SCHEDULE, text(schedule(contract, "S1", 10_000)));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.verdict().kind()).isEqualTo(Kind.VALID);
        JsonNode json = refused.json();
        assertThat(json.get("code").stringValue()).isEqualTo("SIGN_ERROR");
        assertThat(json.get("message").stringValue()).isNotBlank();
        assertThat(json.at("/detail/field").stringValue()).isEqualTo("Authorization");
        assertThat(json.at("/detail/sign_information/method").stringValue()).isEqualTo("POST");
        assertThat(json.at("/detail/sign_information/url").stringValue()).isEqualTo(SCHEDULE);
        assertThat(json.at("/detail/sign_information/truncated_sign_message").stringValue())
                .startsWith("POST\n" + SCHEDULE + "\n");
        assertThat(sandbox.created("S1")).isZero();
    }

    @Test
    void garbledActsThenAnswers200WithASignedBodyThatIsNotJson() {
        String body = text(schedule(contract, "G1", 10_000));
        sandbox.enqueue(Fault.GARBLED);
        SandboxCaller.Answer garbled = caller.post(SCHEDULE, body);
        assertThat(garbled.status()).isEqualTo(200);
        assertThat(garbled.header(Headers.CONTENT_TYPE)).isEqualTo(Headers.JSON);
        assertThat(garbled.verdict().kind()).isEqualTo(Kind.VALID);
        assertThat(garbled.body()).isNotEmpty();
        assertThatThrownBy(garbled::json).isInstanceOf(JacksonException.class);
        assertThat(sandbox.created("G1")).isEqualTo(1);
        String whole = caller.post(SCHEDULE, body).text();
        assertThat(whole).startsWith(new String(garbled.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aGarbledErrorIsStill200() {
        sandbox.enqueue(Fault.GARBLED);
        SandboxCaller.Answer garbled = caller.get(query("G9"));
        assertThat(garbled.status()).isEqualTo(200);
        assertThat(garbled.verdict().kind()).isEqualTo(Kind.VALID);
        assertThatThrownBy(garbled::json).isInstanceOf(JacksonException.class);
    }

    @Test
    void bodyEditsLeaveErrorAnswersAlone() {
        sandbox.enqueue(Fault.MISSING_OPTIONAL, Fault.UNKNOWN_FIELDS);
        for (int i = 0; i < 2; i++) {
            SandboxCaller.Answer missing = caller.get(query("E9"));
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.json().propertyNames()).containsExactlyInAnyOrder("code", "message");
        }
    }

    @ParameterizedTest(name = "{0} on a deduct order")
    @CsvSource({"FORGE, BAD_SIGNATURE", "STALE, STALE_TIMESTAMP", "PROBE, PROBE", "UNKNOWN_SERIAL, UNKNOWN_SERIAL"})
    void signatureFaultsSpoilEveryAnswerCreatesIncluded(Fault fault, Kind verdict) {
        assertThat(caller.post(SCHEDULE, text(schedule(contract, "V1", 10_000))).status()).isEqualTo(200);
        sandbox.enqueue(fault, fault);
        SandboxCaller.Answer order = caller.post(DEDUCT, text(deduct(contract, "VT1", "V1", 8_000, NOWHERE)));
        assertThat(order.status()).isEqualTo(200);
        assertThat(order.verdict().kind()).isEqualTo(verdict);
        SandboxCaller.Answer missing = caller.get(query("V9"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.verdict().kind()).isEqualTo(verdict);
        assertThat(caller.get(DEDUCT + "/VT1").verdict().kind()).isEqualTo(Kind.VALID);
    }
}
