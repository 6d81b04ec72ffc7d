package wechatpay.reactor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import wechatpay.reactor.creditrepayment.Contract;

/** {@code contract}: one repayment contract. */
@Command(name = "contract", mixinStandardHelpOptions = true,
        description = {"Show one repayment contract (查询协议) as JSON.",
                "The wire names: contract_state, contract_id once signed, ...",
                "Exit code: 0 found, 2 not found or failed, 1 usage or configuration error."})
final class ContractCommand implements Callable<Integer> {
    @Option(names = "--out-contract-code", required = true, paramLabel = "CODE")
    String outContractCode;

    @Mixin
    CallOptions calls;

    @Override
    public Integer call() {
        return SingleCall.run(calls, target -> target.client.creditRepayment().contracts().get(outContractCode)
                .map(Contract::toJson));
    }
}
