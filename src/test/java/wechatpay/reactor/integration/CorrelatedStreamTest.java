package wechatpay.reactor.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.integration.Sandboxed.IDENTITY;
import static wechatpay.reactor.integration.Sandboxed.client;
import static wechatpay.reactor.integration.Sandboxed.item;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.Correlated;
import wechatpay.reactor.creditrepayment.ScheduleOutcome;
import wechatpay.reactor.creditrepayment.StreamOptions;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.Fault;
import wechatpay.reactor.sandbox.FaultRates;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/** A stream over the caller's own messages: every outcome comes back with the message it was made from. */
class CorrelatedStreamTest {
    private static final Duration WAIT = Duration.ofMinutes(1);

    /** A queue entry: its id and the repayment it carries. */
    record Entry(String id, String outRecordId) {
    }

    @Test
    void everyOutcomeComesBackWithItsMessageUnderFaults() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY)
                        .faults(FaultRates.NONE.withSeed(5).with(Fault.SERVER_ERROR, 0.1).with(Fault.RESET_AFTER, 0.05))
                        .start();
                WechatPayClient client = client(sandbox).maxInFlight(16).build()) {
            List<Contract> contracts = sandbox.contracts();
            Flux<Entry> entries = Flux.range(0, 500).map(i -> new Entry("1700000000000-" + i, i == 7 ? "BAD-7" : "M" + i));
            List<Correlated<Entry, ScheduleOutcome>> all = client.creditRepayment().scheduleRecords()
                    .schedule(entries, e -> item(contracts.get(Integer.parseInt(e.id().split("-")[1]) % contracts.size()),
                            e.outRecordId()), StreamOptions.defaults())
                    .collectList().block(WAIT);

            assertThat(all).hasSize(500);
            Map<String, Correlated<Entry, ScheduleOutcome>> byId = all.stream()
                    .collect(Collectors.toMap(c -> c.message().id(), c -> c));
            assertThat(byId).hasSize(500);
            assertThat(all).allSatisfy(c -> assertThat(c.outcome().item().outRecordId()).isEqualTo(c.message().outRecordId()));
            assertThat(byId.get("1700000000000-7").outcome()).isInstanceOf(ScheduleOutcome.Rejected.class);
            assertThat(all).filteredOn(c -> !c.message().id().endsWith("-7"))
                    .allSatisfy(c -> assertThat(c.outcome()).isInstanceOf(ScheduleOutcome.Scheduled.class));
        }
    }

    @Test
    void aMessageThatCannotBecomeAnItemEndsTheStreamAfterTheOutcomesAlreadyOwed() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
                WechatPayClient client = client(sandbox).build()) {
            Contract contract = sandbox.contracts().get(0);
            List<Correlated<String, ScheduleOutcome>> seen = new ArrayList<>();
            StepVerifier.create(client.creditRepayment().scheduleRecords().schedule(Flux.just("A1", "A2", "boom", "A4"),
                            (String m) -> {
                                if (m.equals("boom")) {
                                    throw new IllegalArgumentException("message boom is not a repayment");
                                }
                                return item(contract, m);
                            }, StreamOptions.defaults().withOrdered(true)))
                    .recordWith(() -> seen).thenConsumeWhile(c -> true)
                    .expectErrorMessage("message boom is not a repayment")
                    .verify(WAIT);
            assertThat(seen).extracting(Correlated::message).containsExactly("A1", "A2");
            assertThat(sandbox.created("A4")).isZero();
        }
    }
}
