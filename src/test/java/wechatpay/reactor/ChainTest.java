package wechatpay.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.internal.Authorization;
import wechatpay.reactor.internal.RawRequest;
import wechatpay.reactor.internal.Rsa;
import wechatpay.reactor.internal.SigningMessage;

/** {@code chain()} and the typed schedule-record calls: paths, queries and bodies as sent and as signed. */
class ChainTest extends PipelineFixtures {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void chainFillsPathVariablesEncodedWithCaseKeptAndTheRestBecomesTheQueryInMapOrderAsSigned() {
        WechatPayClient client = client(FAST);
        script.answer(signed(200, "{}"));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("zeta", "Last One");
        params.put("out_record_id", "A b/中");
        params.put("contract_id", "C1+x");
        params.put("alpha", 7);
        StepVerifier.create(client.chain(RECORD).get(params)).expectNextCount(1).expectComplete().verify(TIMEOUT);
        RawRequest sent = script.requests.get(0);
        String expected = "/v3/credit-repayment/partner/schedule-records/A%20b%2F%E4%B8%AD"
                + "?zeta=Last%20One&contract_id=C1%2Bx&alpha=7";
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.pathAndQuery()).isEqualTo(expected);
        assertThat(sent.body()).isEmpty();
        Map<String, String> auth = auth(sent);
        byte[] message = SigningMessage.request("GET", expected, Long.parseLong(auth.get(Authorization.TIMESTAMP)),
                auth.get(Authorization.NONCE), new byte[0]);
        assertThat(signer.messages.get(0)).isEqualTo(message);
        assertThat(Rsa.verify(TestKeys.MERCHANT.getPublic(), null, message,
                Base64.getDecoder().decode(auth.get(Authorization.SIGNATURE)))).isTrue();
    }

    @Test
    void aRawByteBodyIsSentAndSignedByteForByte() {
        WechatPayClient client = client(FAST);
        script.answer(signed(200, "{}"));
        byte[] raw = "{ \"zz\" : 1,\n  \"aa\":\"中\\u0041\" ,\"n\":1.50 }".getBytes(StandardCharsets.UTF_8);
        byte[] original = raw.clone();
        Mono<ApiResponse<JsonNode>> call = client.chain(BATCH_CREATE).post(raw);
        StepVerifier.create(call).expectNextCount(1).expectComplete().verify(TIMEOUT);
        RawRequest sent = script.requests.get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.body()).isEqualTo(original);
        assertThat(signatureVerifies(sent)).isTrue();
        assertThat(signer.messages.get(0)).endsWith(concat(original, new byte[] {'\n'}));
    }

    @Test
    void anObjectBodyIsSentAsJson() {
        WechatPayClient client = client(FAST);
        script.answer(signed(200, "{}")).answer(signed(200, "{}"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("contract_id", "C1");
        body.put("amounts", List.of("100", "200"));
        body.put("note", "信贷");
        StepVerifier.create(client.chain(BATCH_CREATE).post(body)).expectNextCount(1).expectComplete().verify(TIMEOUT);
        StepVerifier.create(client.chain("v3/x/{id}").put(Map.of("id", "9"), new Thing("n", 3)))
                .expectNextCount(1).expectComplete().verify(TIMEOUT);
        assertThat(JSON.readTree(script.requests.get(0).body())).isEqualTo(JSON.valueToTree(body));
        assertThat(new String(script.requests.get(0).body(), StandardCharsets.UTF_8)).contains("信贷");
        assertThat(JSON.readTree(script.requests.get(1).body()))
                .isEqualTo(JSON.readTree("{\"name\":\"n\",\"count\":3}"));
        assertThat(script.requests.get(1).method()).isEqualTo("PUT");
        assertThat(script.requests.get(1).pathAndQuery()).isEqualTo("/v3/x/9");
        assertThat(script.requests).allSatisfy(r -> assertThat(signatureVerifies(r)).isTrue());
    }

    @Test
    void aTypedResponseDecodesAndHeadersAreFoundWhateverTheirCase() {
        WechatPayClient client = client(FAST);
        script.answer(signed(200, "{\"name\":\"widget\",\"count\":42,\"unknown_field\":true}"));
        StepVerifier.create(client.chain(RECORD).get(A1, Thing.class))
                .assertNext(r -> {
                    assertThat(r.body()).isEqualTo(new Thing("widget", 42));
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(r.requestId()).isNotNull();
                    assertThat(r.headers().get("request-id")).isEqualTo(r.requestId());
                    assertThat(r.headers().get("WECHATPAY-SERIAL")).isEqualTo(ID);
                })
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void aPathThatCannotBeExpandedIsRefusedUnsentAndUnsigned() {
        WechatPayClient client = client(FAST);
        refusedNaming(client.chain(RECORD).get(Map.of("contract_id", "C1")), "out_record_id");
        refusedNaming(client.chain("v2/pay").get(), "path");
        assertThat(script.exchanges).hasValue(0);
        assertThat(signer.calls).hasValue(0);
    }

    @Test
    void anInvalidScheduleItemIsRefusedBeforeAnythingIsSignedOrSent() {
        WechatPayClient client = client(FAST);
        ScheduleItem invalid = validItem().toBuilder().outRecordId("R-2026-01").build();
        refusedNaming(client.creditRepayment().scheduleRecords().create(invalid), "out_record_id");
        StepVerifier.create(client.creditRepayment().scheduleRecords().create(null))
                .expectError(ValidationException.class)
                .verify(TIMEOUT);
        assertThat(script.exchanges).hasValue(0);
        assertThat(signer.calls).hasValue(0);
    }

    @Test
    void aScheduleQueryWithoutContractIdIsRefusedNamingContractId() {
        WechatPayClient client = client(FAST);
        refusedNaming(client.creditRepayment().scheduleRecords().get("A1", null), "contract_id");
        refusedNaming(client.creditRepayment().scheduleRecords().get(null, "C1"), "out_record_id");
        assertThat(script.exchanges).hasValue(0);
        assertThat(signer.calls).hasValue(0);
    }

    @Test
    void aValidScheduleItemIsPostedAndItsRecordDecoded() {
        WechatPayClient client = client(FAST);
        ScheduleItem item = validItem();
        String record = "{\"out_record_id\":\"R20261201001\",\"appid\":\"wxd678efh567hg6787\",\"contract_id\":\"C1\","
                + "\"repayment_amount\":\"10000\",\"min_repayment_amount\":\"2000\",\"repayment_date\":\""
                + item.repaymentDate() + "\",\"openid\":\"o1\"}";
        script.answer(signed(200, "{\"schedule_records\":[" + record + "]}"));
        StepVerifier.create(client.creditRepayment().scheduleRecords().create(item))
                .assertNext(r -> {
                    assertThat(r.outRecordId()).isEqualTo("R20261201001");
                    assertThat(r.repaymentAmount()).isEqualTo(10_000);
                })
                .expectComplete()
                .verify(TIMEOUT);
        RawRequest sent = script.requests.get(0);
        assertThat(sent.pathAndQuery()).isEqualTo("/v3/credit-repayment/partner/schedule-records/batch-create");
        JsonNode body = JSON.readTree(sent.body());
        assertThat(body.path("contract_id").asString()).isEqualTo("C1");
        assertThat(body.path("schedule_items").get(0).path("repayment_amount").asString()).isEqualTo("10000");
    }

    private static ScheduleItem validItem() {
        return ScheduleItem.builder()
                .contractId("C1").appid("wxd678efh567hg6787").openid("o1")
                .outRecordId("R20261201001").subMchid("1900000109")
                .repaymentAmount(10_000).minRepaymentAmount(2_000)
                .repaymentDate(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(3))
                .build();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
