package wechatpay.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.creditrepayment.StreamOptions;
import wechatpay.reactor.creditrepayment.ScheduleOutcome;
import wechatpay.reactor.internal.RawRequest;
import wechatpay.reactor.internal.RawAnswer;
import wechatpay.reactor.internal.Transport;

/**
 * The client's limits bind all its callers together: streams (one asking for more than the client allows) and
 * single calls never have more exchanges in the air than the client's {@code maxInFlight}; a stream takes no more
 * items at once than that either; and 429s that arrive together halve the client's rate once.
 */
class ClientLimitsAcrossCallersTest extends PipelineFixtures {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int CLIENT_MAX = 5;

    /** Answers every call with what {@code answer} makes of it, counting the exchanges in the air at once. */
    static final class CountingTransport implements Transport {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        final List<RawRequest> requests = new CopyOnWriteArrayList<>();
        private final Function<RawRequest, Mono<RawAnswer>> answer;

        CountingTransport(Function<RawRequest, Mono<RawAnswer>> answer) {
            this.answer = answer;
        }

        @Override
        public Mono<RawAnswer> exchange(RawRequest request) {
            return Mono.defer(() -> {
                calls.incrementAndGet();
                requests.add(request);
                peak.accumulateAndGet(now.incrementAndGet(), Math::max);
                // Counted out before the answer travels up (and frees the client's permit for the next call).
                return answer.apply(request).doOnTerminate(now::decrementAndGet);
            });
        }
    }

    /** WeChat Pay's signed answer: the record a batch-create asks for, or {@code {}} to anything else. */
    static RawAnswer okFor(RawRequest request) {
        if (!request.pathAndQuery().endsWith("/batch-create")) {
            return signed(200, "{}");
        }
        JsonNode asked = JSON.readTree(request.body());
        ObjectNode record = ((ObjectNode) asked.get("schedule_items").get(0)).deepCopy();
        record.put("contract_id", asked.get("contract_id").stringValue());
        record.put("appid", asked.get("appid").stringValue());
        record.put("openid", asked.get("openid").stringValue());
        ObjectNode answer = JSON.createObjectNode();
        answer.putArray("schedule_records").add(record);
        return signed(200, JSON.writeValueAsString(answer));
    }

    /** Valid items: the repayment date two Beijing days ahead (the window is 1..14 days after booking). */
    private static Flux<ScheduleItem> items(String prefix, int n) {
        LocalDate date = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(2);
        return Flux.range(0, n).map(i -> ScheduleItem.builder().contractId("C1").appid("wx1").openid("o1")
                .outRecordId(prefix + i).subMchid("1900000109").repaymentAmount(10_000).minRepaymentAmount(1_000)
                .repaymentDate(date).build());
    }

    /** Items of one stream taken from upstream and not yet answered by an outcome. */
    static final class Taken {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();

        Flux<ScheduleItem> counting(Flux<ScheduleItem> items) {
            return items.doOnNext(i -> peak.accumulateAndGet(now.incrementAndGet(), Math::max));
        }

        Flux<ScheduleOutcome> done(Flux<ScheduleOutcome> outcomes) {
            return outcomes.doOnNext(o -> now.decrementAndGet());
        }
    }

    @Test
    void inFlightNeverExceedsTheClientsLimitAcrossStreamsAndSingleCallsAndAllComplete() {
        CountingTransport slow = new CountingTransport(r -> Mono.delay(Duration.ofMillis(20), loop).map(t -> okFor(r)));
        WechatPayClient client = client(b -> b.transport(slow).maxInFlight(CLIENT_MAX).retryPolicy(RetryPolicy.none()));
        var records = client.creditRepayment().scheduleRecords();
        Taken greedy = new Taken();
        List<Flux<Object>> callers = List.<Flux<?>>of(
                records.schedule(items("A", 50), StreamOptions.defaults().withMaxInFlight(5)),
                records.schedule(items("B", 50), StreamOptions.defaults().withMaxInFlight(5)),
                records.schedule(items("C", 50), StreamOptions.defaults().withMaxInFlight(5)),
                greedy.done(records.schedule(greedy.counting(items("D", 50)),
                        StreamOptions.defaults().withMaxInFlight(50))),
                Flux.range(0, 20).flatMap(i -> client.chain(RECORD).get(A1), 20))
                .stream().map(f -> f.cast(Object.class)).toList();
        List<Object> all = new ArrayList<>();
        StepVerifier.create(Flux.merge(Flux.fromIterable(callers), callers.size()))
                .recordWith(() -> all)
                .thenConsumeWhile(x -> true)
                .expectComplete()
                .verify(Duration.ofSeconds(60));

        assertThat(all).hasSize(220);
        assertThat(all).filteredOn(o -> o instanceof ScheduleOutcome).hasSize(200)
                .allSatisfy(o -> assertThat(o).isInstanceOf(ScheduleOutcome.Scheduled.class));
        assertThat(all).filteredOn(o -> o instanceof ApiResponse<?>).hasSize(20);
        assertThat(slow.calls.get()).as("one exchange per call: nothing retried, nothing lost").isEqualTo(220);
        assertThat(slow.peak.get()).as("exchanges in the air at once, for all callers together")
                .isLessThanOrEqualTo(CLIENT_MAX).isGreaterThanOrEqualTo(3);
        assertThat(greedy.peak.get()).as("items the stream asking for 50 held at once").isLessThanOrEqualTo(CLIENT_MAX);
    }

    @Test
    void aStreamAskingForMoreThanTheClientAllowsTakesOnlyTheClientsNumberOfItems() throws InterruptedException {
        Sinks.Empty<Void> gate = Sinks.empty();
        CountDownLatch arrived = new CountDownLatch(CLIENT_MAX);
        CountingTransport held = new CountingTransport(r -> {
            arrived.countDown();
            return gate.asMono().then(Mono.fromCallable(() -> okFor(r))).publishOn(loop);
        });
        WechatPayClient client = client(b -> b.transport(held).maxInFlight(CLIENT_MAX).retryPolicy(RetryPolicy.none()));
        Taken taken = new Taken();
        AtomicInteger requested = new AtomicInteger();
        Flux<ScheduleItem> items = taken.counting(items("G", 60))
                .doOnRequest(n -> requested.addAndGet((int) Math.min(n, 1_000_000)));
        Flux<ScheduleOutcome> outcomes = taken.done(client.creditRepayment().scheduleRecords()
                .schedule(items, StreamOptions.defaults().withMaxInFlight(50)));

        CompletableFuture<List<ScheduleOutcome>> all = outcomes.collectList().toFuture();
        assertThat(arrived.await(10, TimeUnit.SECONDS)).as("the first calls reach the transport").isTrue();
        // Every answer is held: what the stream has taken now is all it takes before an outcome.
        assertThat(taken.now.get()).as("items taken while none is answered").isEqualTo(CLIENT_MAX);
        assertThat(requested.get()).as("items asked of upstream").isEqualTo(CLIENT_MAX);
        assertThat(held.now.get()).isEqualTo(CLIENT_MAX);
        gate.tryEmitEmpty();

        StepVerifier.create(Mono.fromFuture(all))
                .assertNext(list -> assertThat(list).hasSize(60)
                        .allSatisfy(o -> assertThat(o).isInstanceOf(ScheduleOutcome.Scheduled.class)))
                .expectComplete()
                .verify(Duration.ofSeconds(30));
        assertThat(taken.peak.get()).isEqualTo(CLIENT_MAX);
        assertThat(held.peak.get()).isLessThanOrEqualTo(CLIENT_MAX);
    }

    /**
     * 64 calls of a 100/s client are answered 429 at the same moment; then the calls that can start within one
     * second show the rate. The rate limiter's clock is virtual ({@code Schedulers.parallel()} replaced before the
     * client is built) and this transport answers on the calling thread, so every step runs inside
     * {@code advanceTimeBy} or {@code tryEmitEmpty}: the count is exact, not a timing measurement.
     *
     * <p>After the 429s, at t = 1 s: 10 calls start at once (the burst, a tenth of the target), then one per
     * {@code 1/rate} while the rate recovers by 5/s each second. Halved once (50/s): about 10 + 52 = 62. Halved
     * twice (25/s): about 10 + 27 = 37. Halved per answer (down to the 1/s floor): 10. Not halved: 10 + 100.
     */
    @Test
    void sixtyFour429sArrivingTogetherHalveTheRateOnceNotOncePerAnswer() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        try {
            Sinks.Empty<Void> gate = Sinks.empty();
            CountingTransport transport = new CountingTransport(r -> r.pathAndQuery().contains("THROTTLED")
                    ? gate.asMono().then(Mono.fromCallable(() -> error(429, "FREQUENCY_LIMITED", "slow down")))
                    : Mono.fromCallable(() -> okFor(r)));
            WechatPayClient client = client(b -> b.transport(transport).requestsPerSecond(100).maxInFlight(64)
                    .retryPolicy(RetryPolicy.none()));

            // 64 calls, each its own subscriber, so that no error cancels the others.
            AtomicInteger got429 = new AtomicInteger();
            AtomicInteger unexpected = new AtomicInteger();
            for (int i = 0; i < 64; i++) {
                client.chain(RECORD).get(Map.of("out_record_id", "THROTTLED" + i, "contract_id", "C1")).subscribe(
                        r -> unexpected.incrementAndGet(),
                        e -> (e instanceof WechatPayServiceException s && s.status() == 429 ? got429 : unexpected)
                                .incrementAndGet());
            }
            time.advanceTimeBy(Duration.ofSeconds(1));
            assertThat(transport.calls.get()).as("64 calls sent at 100/s within a second, none answered yet")
                    .isEqualTo(64);

            gate.tryEmitEmpty();      // all 64 answered 429 now, at the same instant
            assertThat(got429.get()).as("every caller got its 429").isEqualTo(64);
            assertThat(transport.now.get()).isZero();

            AtomicInteger ok = new AtomicInteger();
            for (int i = 0; i < 200; i++) {
                client.chain(RECORD).get(A1).subscribe(r -> ok.incrementAndGet(), e -> unexpected.incrementAndGet());
            }
            time.advanceTimeBy(Duration.ofSeconds(1));
            assertThat(transport.calls.get() - 64).as("calls started in the second after the 429s (halved once: about 62)")
                    .isBetween(52, 72);

            time.advanceTimeBy(Duration.ofSeconds(10));
            assertThat(ok.get()).as("the rest start later: nothing is lost").isEqualTo(200);
            assertThat(unexpected.get()).isZero();
        } finally {
            VirtualTimeScheduler.reset();
        }
    }
}
