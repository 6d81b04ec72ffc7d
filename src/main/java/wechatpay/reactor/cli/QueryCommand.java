package wechatpay.reactor.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import wechatpay.reactor.WechatPayException;
import wechatpay.reactor.WechatPayServiceException;
import wechatpay.reactor.creditrepayment.ScheduleRecord;
import wechatpay.reactor.sandbox.FaultRates;

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
        try (Target target = Target.resolve(calls.config, calls.sandbox, System.getenv(), calls.limits(), FaultRates.NONE)) {
            ScheduleRecord r = target.client.creditRepayment().scheduleRecords().get(outRecordId, contractId)
                    .block(Duration.ofMinutes(2));
            System.out.println(json(r));
            return 0;
        } catch (WechatPayServiceException e) {
            System.err.println(e.status() == 404 ? "not found: " + e.getMessage() : "error: " + e.getMessage());
            return 2;
        } catch (WechatPayException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
    }

    private static String json(ScheduleRecord r) {
        tools.jackson.databind.node.ObjectNode n = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        n.put("out_record_id", r.outRecordId());
        n.put("appid", r.appid());
        r.subAppid().ifPresent(v -> n.put("sub_appid", v));
        n.put("contract_id", r.contractId());
        n.put("repayment_amount", Long.toString(r.repaymentAmount()));
        r.minRepaymentAmount().ifPresent(v -> n.put("min_repayment_amount", Long.toString(v)));
        n.put("repayment_date", r.repaymentDate().toString());
        n.put("openid", r.openid());
        r.description().ifPresent(v -> n.put("description", v));
        r.attach().ifPresent(v -> n.put("attach", v));
        return n.toString();
    }
}
