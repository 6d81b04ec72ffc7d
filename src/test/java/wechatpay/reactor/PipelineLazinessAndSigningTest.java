package wechatpay.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.creditrepayment.ScheduleRecord;
import wechatpay.reactor.internal.Authorization;
import wechatpay.reactor.internal.RawRequest;
import wechatpay.reactor.internal.TransportError;

/** Pipeline: nothing happens before subscription, every attempt is signed anew, and on which threads. */
class PipelineLazinessAndSigningTest extends PipelineFixtures {
    @Test
    void nothingIsSignedOrSentBeforeSubscriptionAndEachSubscriptionSendsAgain() {
        WechatPayClient client = client(FAST);
        Mono<ApiResponse<JsonNode>> get = client.chain(RECORD).get(A1);
        Mono<ApiResponse<JsonNode>> post = client.chain(BATCH_CREATE).post(Map.of("contract_id", "C1"));
        Mono<ScheduleRecord> typed = client.creditRepayment().scheduleRecords().get("A1", "C1");
        assertThat(signer.calls).hasValue(0);
        assertThat(signer.subscriptions).hasValue(0);
        assertThat(script.exchanges).hasValue(0);
        assertThat(script.requests).isEmpty();
        assertThat(get).isNotNull();
        assertThat(post).isNotNull();
        assertThat(typed).isNotNull();

        script.answer(signed(200, "{\"out_record_id\":\"A1\"}")).answer(signed(200, "{\"out_record_id\":\"A1\"}"));
        StepVerifier.create(get).expectNextCount(1).expectComplete().verify(TIMEOUT);
        assertThat(signer.calls).hasValue(1);
        assertThat(script.exchanges).hasValue(1);
        assertThat(script.requests).hasSize(1);

        StepVerifier.create(get).expectNextCount(1).expectComplete().verify(TIMEOUT);
        assertThat(signer.calls).hasValue(2);
        assertThat(script.requests).hasSize(2);
        assertThat(nonce(script.requests.get(0))).isNotEqualTo(nonce(script.requests.get(1)));
    }

    @Test
    void everyRetryIsSignedAnewWithAFreshNonceAndTimestamp() {
        TickingClock clock = new TickingClock(Instant.now());
        WechatPayClient client = client(b -> b.retryPolicy(FAST.withMaxAttempts(4)).clock(clock));
        script.answer(error(500, "SYSTEM_ERROR", "system error"))
                .answer(error(429, "FREQUENCY_LIMITED", "slow down"))
                .fail(TransportError.Kind.RESET)
                .answer(signed(200, "{\"schedule_records\":[]}"));
        StepVerifier.create(client.chain(BATCH_CREATE).post(Map.of("contract_id", "C1")))
                .assertNext(r -> assertThat(r.status()).isEqualTo(200))
                .expectComplete()
                .verify(TIMEOUT);

        List<RawRequest> sent = script.requests;
        assertThat(sent).hasSize(4);
        assertThat(sent).extracting(PipelineFixtures::nonce).doesNotHaveDuplicates();
        assertThat(sent).extracting(r -> Long.parseLong(auth(r).get(Authorization.TIMESTAMP))).isSorted()
                .doesNotHaveDuplicates();
        for (RawRequest r : sent) {
            assertThat(signatureVerifies(r)).as("signature of %s", nonce(r)).isTrue();
            assertThat(auth(r)).containsEntry(Authorization.MCHID, MCHID)
                    .containsEntry(Authorization.SERIAL, TestKeys.MERCHANT_SERIAL);
            assertThat(r.body()).isEqualTo(sent.get(0).body());
            assertThat(r.pathAndQuery()).isEqualTo("/v3/credit-repayment/partner/schedule-records/batch-create");
        }
        assertThat(signer.calls).hasValue(4);
    }

    @Test
    void signingAndVerifyingRunOnParallelThreadsNotOnTheCallersOrTheEventLoop() {
        WechatPayClient client = client(FAST);
        script.answer(signed(200, "{}")).answer(signed(200, "{}"));
        List<String> downstream = new CopyOnWriteArrayList<>();

        StepVerifier.create(client.chain(RECORD).get(A1).doOnNext(r -> downstream.add(Thread.currentThread().getName())))
                .expectNextCount(1).expectComplete().verify(TIMEOUT);
        StepVerifier.create(client.chain(RECORD).get(A1).subscribeOn(loop)
                        .doOnNext(r -> downstream.add(Thread.currentThread().getName())))
                .expectNextCount(1).expectComplete().verify(TIMEOUT);

        assertThat(signer.threads).hasSize(2).allSatisfy(t -> assertThat(t).startsWith("parallel-"));
        assertThat(script.answerThreads).hasSize(2).allSatisfy(t -> assertThat(t).startsWith("fake-event-loop"));
        assertThat(downstream).hasSize(2).allSatisfy(t -> assertThat(t).startsWith("parallel-"));
    }

    /** A clock that moves one second every time it is read. */
    private static final class TickingClock extends Clock {
        private final AtomicLong seconds;

        TickingClock(Instant start) {
            this.seconds = new AtomicLong(start.getEpochSecond());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(seconds.getAndIncrement());
        }
    }
}
