package wechatpay.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.internal.TransportError;

/** {@code create(item)} settles an ambiguous failure with a query before anything is sent again. */
class SingleCreateReconcilesTest extends PipelineFixtures {
    private static final ScheduleItem ITEM = ScheduleItem.builder().contractId("C1").appid("wxd678efh567hg6787")
            .openid("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o").outRecordId("A1").subMchid("1900000109")
            .repaymentAmount(10_000).minRepaymentAmount(2_000)
            .repaymentDate(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(3)).build();
    private static final String RECORD_JSON = "{\"out_record_id\":\"A1\",\"appid\":\"wxd678efh567hg6787\","
            + "\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\",\"repayment_amount\":\"10000\","
            + "\"min_repayment_amount\":\"2000\",\"repayment_date\":\"" + ITEM.repaymentDate() + "\"}";

    private long creates() {
        return script.requests.stream().filter(r -> r.pathAndQuery().endsWith("batch-create")).count();
    }

    @Test
    void a500ThenAQueryThatFindsTheRecordGivesTheRecordWithOneCreateSent() {
        WechatPayClient client = client(FAST);
        script.answer(error(500, "SYSTEM_ERROR", "busy")).answer(signed(200, RECORD_JSON));
        StepVerifier.create(client.creditRepayment().scheduleRecords().create(ITEM))
                .assertNext(r -> {
                    assertThat(r.outRecordId()).isEqualTo("A1");
                    assertThat(r.contractId()).as("left out by the answer, taken from the item").isEqualTo("C1");
                })
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(creates()).isEqualTo(1);
        assertThat(script.requests.get(1).pathAndQuery())
                .isEqualTo("/v3/credit-repayment/partner/schedule-records/A1?contract_id=C1");
    }

    @Test
    void aResetThenA404IsSentAgainWithTheSameBody() {
        WechatPayClient client = client(FAST);
        script.fail(TransportError.Kind.RESET).answer(error(404, "RESOURCE_NOT_EXISTS", "no record"))
                .answer(signed(200, "{\"schedule_records\":[" + RECORD_JSON + "]}"));
        StepVerifier.create(client.creditRepayment().scheduleRecords().create(ITEM))
                .assertNext(r -> assertThat(r.outRecordId()).isEqualTo("A1"))
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(creates()).isEqualTo(2);
        assertThat(script.requests.get(0).body()).isEqualTo(script.requests.get(2).body());
    }

    @Test
    void aForgedAnswerIsNeverASuccessOnItsOwn() {
        // With one attempt allowed: the forged "success" is checked with a query, which finds nothing.
        WechatPayClient client = client(RetryPolicy.none());
        script.answer(answer(FORGER, ID, java.time.Instant.now(), 200, utf8("{\"schedule_records\":[" + RECORD_JSON
                        + "]}"), h -> { }))
                .answer(error(404, "RESOURCE_NOT_EXISTS", "no record"));
        StepVerifier.create(client.creditRepayment().scheduleRecords().create(ITEM))
                .expectErrorSatisfies(e -> assertThat(((WechatPayVerificationException) e).reason())
                        .isEqualTo(WechatPayVerificationException.Reason.BAD_SIGNATURE))
                .verify(TIMEOUT);
        assertThat(script.requests).hasSize(2);
        assertThat(creates()).isEqualTo(1);
    }

    @Test
    void aRefusalIsFinalOnlyOnceAQueryFindsNoRecord() {
        WechatPayClient client = client(FAST);
        script.answer(error(400, "INVALID_REQUEST", "out_record_id has been used"))
                .answer(signed(200, RECORD_JSON));
        StepVerifier.create(client.creditRepayment().scheduleRecords().create(ITEM))
                .assertNext(r -> assertThat(r.outRecordId()).isEqualTo("A1"))
                .expectComplete()
                .verify(TIMEOUT);
        script.answer(error(400, "PARAM_ERROR", "bad")).answer(error(404, "RESOURCE_NOT_EXISTS", "no record"));
        StepVerifier.create(client.creditRepayment().scheduleRecords().create(ITEM))
                .expectErrorSatisfies(e -> assertThat(((WechatPayServiceException) e).code()).isEqualTo("PARAM_ERROR"))
                .verify(TIMEOUT);
        assertThat(creates()).isEqualTo(2);
    }

    @Test
    void anInvalidItemSendsNothing() {
        WechatPayClient client = client(FAST);
        StepVerifier.create(client.creditRepayment().scheduleRecords()
                        .create(ITEM.toBuilder().repaymentDate(LocalDate.now(ZoneId.of("Asia/Shanghai"))).build()))
                .expectErrorSatisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("repayment_date"))
                .verify(TIMEOUT);
        assertThat(script.requests).isEmpty();
    }
}
