package wechatpay.reactor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import wechatpay.reactor.creditrepayment.StreamOptions;
import wechatpay.reactor.sandbox.FaultRates;

/** {@code schedule}: schedule repayments from a CSV or JSONL file. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Schedule repayments (预约还款) from a file: CSV with a header row, or JSONL, both with the",
                "wire field names (contract_id, appid, openid, out_record_id, sub_mchid, sub_appid, repayment_amount,",
                "min_repayment_amount, repayment_date, description, attach; amounts in fen, dates yyyy-MM-dd).",
                "Writes one JSONL result line per input line. Exit code: 0 all scheduled, 2 any rejected or failed,",
                "1 usage or configuration error."})
final class ScheduleCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Items to schedule (.csv or .jsonl).")
    Path input;

    @Option(names = "--output", paramLabel = "FILE", description = "Result lines (JSONL); default: none.")
    Path output;

    @Mixin
    CallOptions calls;

    @Override
    public Integer call() {
        if (!Files.isReadable(input)) {
            throw new UsageException("--input " + input + ": no such readable file");
        }
        StreamOptions options = calls.scheduleOptions();
        ClientLimits limits = calls.limits();
        InputReader.Format format;
        long total;
        try {
            format = InputReader.Format.of(input);
            total = InputReader.count(input, format);
        } catch (IOException e) {
            throw new UsageException("--input " + input + ": cannot read ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
        try (Target target = Target.resolve(calls.config, calls.sandbox, System.getenv(), limits, FaultRates.NONE);
                Scheduling.Sink sink = output == null ? Scheduling.Sink.none() : Scheduling.Sink.file(output)) {
            System.err.println("scheduling " + total + " items from " + input + " on " + target.description);
            if (target.sandbox != null) {
                System.err.println("embedded sandbox contracts: " + target.contracts().stream()
                        .map(c -> c.contractId() + "/" + c.openid()).toList());
            }
            try {
                return new Scheduling(target, options, System.err, System.console() != null)
                        .schedule(InputReader.read(input, format), total, sink);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
    }
}
