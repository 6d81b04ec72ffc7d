package wechatpay.reactor.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.integration.Sandboxed.IDENTITY;
import static wechatpay.reactor.integration.Sandboxed.client;
import static wechatpay.reactor.integration.Sandboxed.item;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import wechatpay.reactor.RetryPolicy;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.StreamOptions;
import wechatpay.reactor.creditrepayment.ScheduleOutcome;
import wechatpay.reactor.creditrepayment.StreamStats;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.Fault;
import wechatpay.reactor.sandbox.FaultRates;
import wechatpay.reactor.sandbox.Repeats;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/**
 * Every fault the sandbox knows, on at once (seeded), against one stream: N items in, N outcomes out, every record
 * the sandbox holds reported Scheduled and no record created twice, whichever way repeats are answered.
 */
class ScheduleSoakTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final RetryPolicy PATIENT = RetryPolicy.defaults().withMaxAttempts(10)
            .withBackoff(Duration.ofMillis(1), Duration.ofMillis(20)).withThrottleBackoff(Duration.ofMillis(5));

    static FaultRates everything(long seed) {
        FaultRates f = FaultRates.NONE.withSeed(seed);
        for (Fault fault : Fault.values()) {
            f = f.with(fault, fault == Fault.SIGN_ERROR ? 0.005 : 0.025);
        }
        return f;
    }

    @ParameterizedTest(name = "{0} items, repeats {1}")
    @CsvSource({"5000, REFUSE", "1000, ANSWER_STORED"})
    void everyFaultAtOnceStillGivesOneOutcomePerItemAndNothingTwice(int n, Repeats repeats) {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).repeats(repeats)
                .faults(everything(n)).start();
                WechatPayClient client = client(sandbox).retryPolicy(PATIENT).maxInFlight(32).build()) {
            List<Contract> contracts = sandbox.contracts();
            StreamStats stats = new StreamStats();
            List<ScheduleOutcome> outcomes = client.creditRepayment().scheduleRecords()
                    .schedule(Flux.range(0, n).map(i -> item(contracts.get(i % contracts.size()), "K" + i)),
                            StreamOptions.defaults().withStats(stats))
                    .collectList().block(TIMEOUT);

            assertThat(outcomes).hasSize(n);
            Set<Long> indexes = new HashSet<>();
            long scheduled = 0;
            for (ScheduleOutcome o : outcomes) {
                assertThat(indexes.add(o.index())).isTrue();
                String id = o.item().outRecordId();
                assertThat(sandbox.created(id)).as(id).isLessThanOrEqualTo(1);
                assertThat(o instanceof ScheduleOutcome.Scheduled).as(id + ": " + o).isEqualTo(sandbox.created(id) == 1);
                assertThat(o.requestIds()).doesNotContainNull();
                scheduled += o instanceof ScheduleOutcome.Scheduled ? 1 : 0;
            }
            // Only the SIGN_ERROR fault (0.5%, before acting, not retried) may fail an item; no ambiguity does.
            assertThat(outcomes).filteredOn(o -> !(o instanceof ScheduleOutcome.Scheduled))
                    .allSatisfy(o -> assertThat(((ScheduleOutcome.Failed) o).code()).isEqualTo("SIGN_ERROR"));
            assertThat(sandbox.totalRecords()).isEqualTo(scheduled);
            assertThat(scheduled).as("outcomes by kind: " + stats.snapshot()).isGreaterThan(n * 95L / 100);
            assertThat(stats.snapshot().reconciled()).isPositive();
            assertThat(stats.snapshot().retries()).isPositive();
            assertThat(sandbox.stats().maxInFlight()).as("the client's in-flight limit").isLessThanOrEqualTo(32);
        }
    }
}
