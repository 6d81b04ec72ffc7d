package wechatpay.reactor.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import reactor.core.publisher.Flux;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.Fault;
import wechatpay.reactor.sandbox.FaultRates;

/** {@code demo}: a real scheduling job against the embedded sandbox, with no credentials. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generate valid repayments over the embedded sandbox's seeded contracts and schedule them:",
                "signing, the sandbox (which verifies and signs its answers), verification and back.",
                "By default the sandbox misbehaves a little (500s, 429s, resets after acting) so that retries and",
                "reconciliation show in the summary; --no-faults turns that off."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--items", paramLabel = "N", description = "Items to schedule (default: ${DEFAULT-VALUE}).")
    int items = 1_000;

    @Option(names = "--output", paramLabel = "FILE", description = "Result lines (JSONL); default: three samples on stdout.")
    Path output;

    @Option(names = "--no-faults", description = "A well-behaved sandbox.")
    boolean noFaults;

    @Option(names = "--seed", description = "Seed of the sandbox's faults (default: ${DEFAULT-VALUE}).")
    long seed = 7;

    @Mixin
    CallOptions calls;

    @Override
    public Integer call() {
        if (items < 0) {
            throw new UsageException("--items: expected >= 0, found " + items);
        }
        if (calls.config != null) {
            throw new UsageException("demo always runs on the embedded sandbox; use 'schedule --config' for a merchant");
        }
        FaultRates faults = noFaults ? FaultRates.NONE : FaultRates.NONE.withSeed(seed).with(Fault.SERVER_ERROR, 0.05)
                .with(Fault.THROTTLE, 0.03).with(Fault.RESET_AFTER, 0.02).with(Fault.PROBE, 0.01)
                .with(Fault.ACCEPTED, 0.01).with(Fault.NO_REQUEST_ID, 0.02).with(Fault.MISSING_OPTIONAL, 0.02)
                .withLatency(Duration.ZERO, Duration.ofMillis(5));
        try (Target target = Target.embedded(calls.limits(), faults);
                Batch.Sink sink = output == null ? samples() : Batch.Sink.file(output)) {
            List<Contract> contracts = target.contracts();
            if (contracts.isEmpty() && items > 0) {
                throw new UsageException("the embedded sandbox has no contracts");
            }
            System.err.printf(Locale.ROOT, "demo: %d items over %d seeded contracts on %s%s%n", items, contracts.size(),
                    target.description, noFaults ? "" : " (with faults: " + describe(faults) + ")");
            String batch = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36).toUpperCase(Locale.ROOT);
            LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
            Flux<Parsed<ScheduleItem>> generated = Flux.range(0, items).map(i -> Parsed.ok(i + 1L, item(contracts.get(i % contracts.size()),
                    "DEMO" + batch + i, today, i)));
            return new Batch<>(BatchKind.SCHEDULE, target, this.calls.streamOptions(), System.err,
                    System.console() != null).run(generated, items, sink);
        }
    }

    /** {@code 5% server-error, 3% throttle, ...}, in the order the sandbox draws them. */
    static String describe(FaultRates faults) {
        return faults.rates().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%.0f%% %s", e.getValue() * 100, e.getKey().cliName()))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    static ScheduleItem item(Contract c, String outRecordId, LocalDate today, int i) {
        long amount = 10_000 + (i % 50) * 100L;
        return ScheduleItem.builder()
                .contractId(c.contractId()).appid(c.appid()).openid(c.openid()).subMchid(c.subMchid())
                .outRecordId(outRecordId)
                .repaymentAmount(amount).minRepaymentAmount(amount / 5)
                .repaymentDate(today.plusDays(1 + i % 14))
                .description("demo repayment")
                .build();
    }

    private static Batch.Sink samples() {
        AtomicInteger shown = new AtomicInteger();
        return new Batch.Sink() {
            public void accept(String line) {
                if (shown.getAndIncrement() < 3) {
                    System.out.println(line);
                }
            }

            public void close() {
            }
        };
    }
}
