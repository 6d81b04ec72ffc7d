package wechatpay.reactor.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.integration.Sandboxed.IDENTITY;
import static wechatpay.reactor.integration.Sandboxed.client;
import static wechatpay.reactor.integration.Sandboxed.item;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import wechatpay.reactor.RetryPolicy;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.DeductOutcome;
import wechatpay.reactor.creditrepayment.ScheduleOutcome;
import wechatpay.reactor.creditrepayment.StreamOptions;
import wechatpay.reactor.creditrepayment.StreamStats;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.Fault;
import wechatpay.reactor.sandbox.FaultRates;
import wechatpay.reactor.sandbox.Repeats;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/**
 * Deduct orders under seeded 500s, resets after acting and 429s (and the answers that drift in shape): N orders
 * in, N outcomes out, every order the sandbox holds reported Started and none started twice, whichever way a
 * repeated {@code out_trade_no} is answered.
 */
class DeductSoakTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final int N = 1_000;
    private static final RetryPolicy PATIENT = RetryPolicy.defaults().withMaxAttempts(10)
            .withBackoff(Duration.ofMillis(1), Duration.ofMillis(20)).withThrottleBackoff(Duration.ofMillis(5));

    @ParameterizedTest(name = "repeats {0}")
    @EnumSource(Repeats.class)
    void oneOutcomePerOrderAndNoneStartedTwice(Repeats repeats) {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).repeats(repeats).start();
                WechatPayClient client = client(sandbox).retryPolicy(PATIENT).maxInFlight(32).build()) {
            List<Contract> contracts = sandbox.contracts();
            List<ScheduleOutcome> scheduled = client.creditRepayment().scheduleRecords()
                    .schedule(Flux.range(0, N).map(i -> item(contracts.get(i % contracts.size()), "K" + i)))
                    .collectList().block(TIMEOUT);
            assertThat(scheduled).allSatisfy(o -> assertThat(o).isInstanceOf(ScheduleOutcome.Scheduled.class));

            sandbox.faults(FaultRates.NONE.withSeed(repeats.ordinal() + 7).with(Fault.SERVER_ERROR, 0.05)
                    .with(Fault.RESET_AFTER, 0.05).with(Fault.THROTTLE, 0.05).with(Fault.RESET_BEFORE, 0.02)
                    .with(Fault.ACCEPTED, 0.02).with(Fault.GARBLED, 0.02).with(Fault.MISSING_OPTIONAL, 0.02));
            StreamStats stats = new StreamStats();
            List<DeductOutcome> outcomes = client.creditRepayment().deductOrders()
                    .deduct(Flux.range(0, N).map(i -> DeductOrdersTest.order(contracts.get(i % contracts.size()),
                            "T" + i, "K" + i)), StreamOptions.defaults().withStats(stats))
                    .collectList().block(TIMEOUT);

            assertThat(outcomes).hasSize(N);
            assertThat(outcomes).extracting(DeductOutcome::index).doesNotHaveDuplicates();
            for (DeductOutcome o : outcomes) {
                String tradeNo = o.order().outTradeNo();
                assertThat(o).as(tradeNo + ": " + o).isInstanceOf(DeductOutcome.Started.class);
                assertThat(sandbox.holdsDeductOrder(tradeNo)).as(tradeNo).isTrue();
                assertThat(((DeductOutcome.Started) o).record().outTradeNo()).isEqualTo(tradeNo);
            }
            assertThat(sandbox.totalDeductOrders()).isEqualTo(N);
            StreamStats.Summary summary = stats.snapshot();
            assertThat(summary.created()).isEqualTo(N);
            assertThat(summary.reconciled()).as("ambiguous creates were settled by a query").isPositive();
            assertThat(summary.retries()).isPositive();
            assertThat(summary.throttled()).isPositive();
        }
    }
}
