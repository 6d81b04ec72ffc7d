package wechatpay.reactor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import wechatpay.reactor.creditrepayment.Contract;

/** {@code terminate}: end a repayment contract as the merchant. */
@Command(name = "terminate", mixinStandardHelpOptions = true,
        description = {"Terminate a repayment contract (解除协议) as the merchant.",
                "It shows the contract as it now stands. An"
                        + " answer lost on the way is settled by querying the contract.",
                "Exit code: 0 terminated, 2 refused or failed, 1 usage or configuration error."})
final class TerminateCommand implements Callable<Integer> {
    @Option(names = "--out-contract-code", required = true, paramLabel = "CODE")
    String outContractCode;

    @Option(names = "--remark", required = true, paramLabel = "TEXT",
            description = "contract_termination_remark, at most 128 characters.")
    String remark;

    @Mixin
    CallOptions calls;

    @Override
    public Integer call() {
        return SingleCall.run(calls, target -> target.client.creditRepayment().contracts()
                .terminate(outContractCode, remark).map(Contract::toJson));
    }
}
