package wechatpay.reactor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import wechatpay.reactor.creditrepayment.ScheduleRecord;

/** {@code query}: one schedule record. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Show one schedule record (查询预约还款记录) as JSON.",
                "Exit code: 0 found, 2 not found or failed, 1 usage or configuration error."})
final class QueryCommand implements Callable<Integer> {
    @Option(names = "--out-record-id", required = true, paramLabel = "ID")
    String outRecordId;

    @Option(names = "--contract-id", required = true, paramLabel = "ID")
    String contractId;

    @Mixin
    CallOptions calls;

    @Override
    public Integer call() {
        return SingleCall.run(calls, target -> target.client.creditRepayment().scheduleRecords()
                .get(outRecordId, contractId).map(ScheduleRecord::toJson));
    }
}
