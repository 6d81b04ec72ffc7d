package wechatpay.reactor.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.integration.Sandboxed.IDENTITY;
import static wechatpay.reactor.integration.Sandboxed.client;
import static wechatpay.reactor.integration.Sandboxed.item;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;
import wechatpay.reactor.RetryPolicy;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.OutcomeCodes;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.creditrepayment.StreamOptions;
import wechatpay.reactor.creditrepayment.ScheduleOutcome;
import wechatpay.reactor.creditrepayment.ScheduleRecords;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.Fault;
import wechatpay.reactor.sandbox.FaultRates;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/** The stream against the sandbox: one outcome per item, reconciliation, backpressure, cancellation. */
class ScheduleStreamTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final RetryPolicy PATIENT = RetryPolicy.defaults().withMaxAttempts(10)
            .withBackoff(Duration.ofMillis(2), Duration.ofMillis(20)).withThrottleBackoff(Duration.ofMillis(5));
    private WechatPaySandbox sandbox;
    private WechatPayClient client;
    private ScheduleRecords records;
    private List<Contract> contracts;

    @BeforeEach
    void start() {
        sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
        client = client(sandbox).retryPolicy(PATIENT).maxInFlight(16).build();
        records = client.creditRepayment().scheduleRecords();
        contracts = sandbox.contracts();
    }

    @AfterEach
    void stop() {
        client.close();
        sandbox.close();
    }

    private ScheduleItem valid(int i) {
        return item(contracts.get(i % contracts.size()), "S" + i);
    }

    private ScheduleItem invalid(int i, Random random) {
        ScheduleItem base = valid(i);
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        return switch (random.nextInt(4)) {
            case 0 -> base.toBuilder().outRecordId("S-" + i).build();
            case 1 -> base.toBuilder().repaymentAmount(0).build();
            case 2 -> base.toBuilder().repaymentDate(today).build();
            default -> base.toBuilder().minRepaymentAmount(base.repaymentAmount() + 1).build();
        };
    }

    @Test
    void randomMixesOfValidAndInvalidItemsGiveExactlyOneOutcomePerItem() {
        sandbox.faults(FaultRates.NONE.withSeed(3).with(Fault.SERVER_ERROR, 0.15).with(Fault.THROTTLE, 0.05).with(Fault.RESET_AFTER, 0.05));
        Random random = new Random(20261127);
        int base = 0;
        for (int trial = 0; trial < 8; trial++) {
            int n = 1 + random.nextInt(60);
            List<ScheduleItem> items = new ArrayList<>();
            Set<Integer> bad = new HashSet<>();
            for (int i = 0; i < n; i++) {
                boolean isBad = random.nextInt(3) == 0;
                if (isBad) {
                    bad.add(i);
                }
                items.add(isBad ? invalid(base + i, random) : valid(base + i));
            }
            base += n;
            StreamOptions options = StreamOptions.defaults().withOrdered(trial % 2 == 0).withMaxInFlight(1 + trial);
            List<ScheduleOutcome> outcomes = records.schedule(Flux.fromIterable(items), options)
                    .collectList().block(TIMEOUT);
            assertThat(outcomes).hasSize(n);
            assertThat(outcomes.stream().map(ScheduleOutcome::index).collect(Collectors.toSet()))
                    .hasSize(n).allSatisfy(i -> assertThat(i).isBetween(0L, n - 1L));
            for (ScheduleOutcome o : outcomes) {
                assertThat(o.item()).isSameAs(items.get((int) o.index()));
                if (bad.contains((int) o.index())) {
                    assertThat(o).isInstanceOf(ScheduleOutcome.Rejected.class);
                    assertThat(((ScheduleOutcome.Rejected) o).code()).isEqualTo(OutcomeCodes.VALIDATION_ERROR);
                    assertThat(o.attempts()).isZero();
                } else {
                    assertThat(o).isInstanceOf(ScheduleOutcome.Scheduled.class);
                }
            }
            if (options.ordered()) {
                assertThat(outcomes).extracting(ScheduleOutcome::index).isSorted();
            }
        }
    }

    @Test
    void aResetAfterActingIsReconciledWithoutSendingAgain() {
        sandbox.enqueue(Fault.RESET_AFTER);
        ScheduleOutcome o = records.schedule(Flux.just(valid(1))).single().block(TIMEOUT);
        assertThat(o).isInstanceOf(ScheduleOutcome.Scheduled.class);
        assertThat(((ScheduleOutcome.Scheduled) o).reconciled()).isTrue();
        assertThat(o.attempts()).isEqualTo(2);
        assertThat(sandbox.created("S1")).isEqualTo(1);
        assertThat(sandbox.accepted("S1")).isEqualTo(1);
    }

    @Test
    void aResetBeforeActingOrA500IsQueriedThenSentAgain() {
        sandbox.enqueue(Fault.RESET_BEFORE);
        ScheduleOutcome o = records.schedule(Flux.just(valid(2))).single().block(TIMEOUT);
        assertThat(((ScheduleOutcome.Scheduled) o).reconciled()).isFalse();
        assertThat(o.attempts()).isEqualTo(3);
        sandbox.enqueue(Fault.SERVER_ERROR);
        ScheduleOutcome p = records.schedule(Flux.just(valid(3))).single().block(TIMEOUT);
        assertThat(p).isInstanceOf(ScheduleOutcome.Scheduled.class);
        assertThat(p.attempts()).isEqualTo(3);
        assertThat(p.requestIds()).hasSize(3);
        assertThat(sandbox.created("S2") + sandbox.created("S3")).isEqualTo(2);
    }

    @Test
    void businessRefusalsAreRejectedOnceAQueryFindsNoRecordAndForgeriesAreReconciled() {
        ScheduleItem wrongAppid = valid(4).toBuilder().appid("wx0000000000000000").build();
        sandbox.enqueue(Fault.FORGE);
        List<ScheduleOutcome> outcomes = records.schedule(Flux.just(valid(5), wrongAppid),
                StreamOptions.defaults().withOrdered(true).withMaxInFlight(1)).collectList().block(TIMEOUT);
        assertThat(((ScheduleOutcome.Scheduled) outcomes.get(0)).reconciled()).isTrue();
        assertThat(sandbox.created("S5")).isEqualTo(1);
        ScheduleOutcome.Rejected rejected = (ScheduleOutcome.Rejected) outcomes.get(1);
        assertThat(rejected.code()).isEqualTo("PARAM_ERROR");
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.field()).isEqualTo("/appid");
        assertThat(rejected.attempts()).isEqualTo(2);
        assertThat(rejected.requestIds()).hasSize(2);
        assertThat(sandbox.created("S4")).isZero();
    }

    @Test
    void retriesRunOutIntoAFailedOutcome() {
        sandbox.faults(FaultRates.NONE.with(Fault.THROTTLE, 1.0));
        ScheduleOutcome.Failed throttled = (ScheduleOutcome.Failed) records.schedule(Flux.just(valid(6)),
                StreamOptions.defaults().withRetryPolicy(PATIENT.withMaxAttempts(3))).single().block(TIMEOUT);
        assertThat(throttled.code()).isEqualTo("FREQUENCY_LIMITED");
        assertThat(throttled.message()).startsWith("gave up after 3 attempts");
        assertThat(throttled.attempts()).isEqualTo(3);

        // A 503 is ambiguous: the stream asks before sending again, and cannot learn the answer either.
        sandbox.faults(FaultRates.NONE.with(Fault.UNAVAILABLE, 1.0));
        ScheduleOutcome.Failed unavailable = (ScheduleOutcome.Failed) records.schedule(Flux.just(valid(7)),
                StreamOptions.defaults().withRetryPolicy(PATIENT.withMaxAttempts(3))).single().block(TIMEOUT);
        assertThat(unavailable.code()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(unavailable.message()).startsWith("could not learn whether out_record_id S7 exists");
        assertThat(sandbox.totalRecords()).isZero();
    }

    @Test
    void anUpstreamErrorComesAfterTheOutcomesOfItemsAlreadyTaken() {
        Flux<ScheduleItem> broken = Flux.concat(Flux.range(0, 5).map(i -> valid(100 + i)),
                Flux.error(new IllegalStateException("input file broke")));
        StepVerifier.create(records.schedule(broken))
                .expectNextCount(5)
                .expectErrorMessage("input file broke")
                .verify(TIMEOUT);
        assertThat(sandbox.totalRecords()).isEqualTo(5);
    }

    @Test
    void upstreamDemandStaysBoundedByMaxInFlight() {
        TestPublisher<ScheduleItem> upstream = TestPublisher.create();
        sandbox.faults(FaultRates.NONE.withLatency(Duration.ofMillis(50), Duration.ofMillis(50)));
        StepVerifier.create(records.schedule(upstream.flux(), StreamOptions.defaults().withMaxInFlight(4)), 0)
                .then(() -> upstream.assertMinRequested(1).assertMaxRequested(4))
                .then(() -> {
                    for (int i = 0; i < 4; i++) {
                        upstream.next(valid(200 + i));
                    }
                })
                .then(() -> upstream.assertMaxRequested(4))
                .thenRequest(2)
                .expectNextCount(2)
                .then(() -> upstream.assertMaxRequested(4))
                .thenRequest(2)
                .expectNextCount(2)
                .then(upstream::complete)
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void cancellingMidStreamStopsNewCalls() throws InterruptedException {
        sandbox.faults(FaultRates.NONE.withLatency(Duration.ofMillis(20), Duration.ofMillis(20)));
        Disposable run = records.schedule(Flux.range(0, 1_000).map(i -> valid(300 + i)),
                StreamOptions.defaults().withMaxInFlight(4)).subscribe();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (sandbox.stats().requests() < 20 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        run.dispose();
        long atCancel = sandbox.stats().requests();
        Thread.sleep(300);  // far longer than one call here: calls still going would show
        assertThat(sandbox.stats().requests()).isLessThanOrEqualTo(atCancel + 4).isLessThan(100);
    }

    @Test
    void orderedOutputFollowsInputOrder() {
        sandbox.faults(FaultRates.NONE.withSeed(9).withLatency(Duration.ZERO, Duration.ofMillis(15)));
        List<Long> order = records.schedule(Flux.range(0, 60).map(i -> valid(400 + i)),
                        StreamOptions.defaults().withOrdered(true).withMaxInFlight(8))
                .map(ScheduleOutcome::index).collectList().block(TIMEOUT);
        assertThat(order).isSorted().hasSize(60);
    }
}
