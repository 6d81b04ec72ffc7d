package wechatpay.reactor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code schedule}: schedule repayments from a CSV or JSONL file. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Schedule repayments (预约还款) from a file: CSV with a header row, or JSONL, both with the",
                "wire field names (contract_id, appid, openid, out_record_id, sub_mchid, sub_appid, repayment_amount,",
                "min_repayment_amount, repayment_date, description, attach; amounts in fen, dates yyyy-MM-dd).",
                "Writes one JSONL result line per input line. Exit code: 0 all scheduled, 2 any rejected or failed,",
                "1 usage or configuration error."})
final class ScheduleCommand implements Callable<Integer> {
    @Mixin
    InputOutput files;

    @Mixin
    CallOptions calls;

    @Override
    public Integer call() {
        return Batch.fromFile(BatchKind.SCHEDULE, InputFields.SCHEDULE, files.input, files.output, calls, "items");
    }
}
