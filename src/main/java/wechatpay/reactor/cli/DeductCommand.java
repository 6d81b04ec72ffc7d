package wechatpay.reactor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code deduct}: start repayments from a CSV or JSONL file. */
@Command(name = "deduct", mixinStandardHelpOptions = true,
        description = {"Start repayments (发起还款, deduct orders) from a CSV or JSONL file.",
                "CSV with a header row, or JSONL, both with the wire field names (contract_id, out_trade_no, out_record_id, deduct_amount,"
                        + " notify_url, description, attach; amounts in fen). Each order repays a scheduled record;"
                        + " out_trade_no is its key: an order whose answer was lost is found by a query, never"
                        + " started twice. Writes one JSONL result line per input line (status"
                        + " started/rejected/failed, order_state, ...).",
                "Exit code: 0 all started, 2 any rejected or failed, 1 usage or configuration error."})
final class DeductCommand implements Callable<Integer> {
    @Mixin
    InputOutput files;

    @Mixin
    CallOptions calls;

    @Override
    public Integer call() {
        return Batch.fromFile(BatchKind.DEDUCT, InputFields.DEDUCT, files.input, files.output, calls, "orders");
    }
}
