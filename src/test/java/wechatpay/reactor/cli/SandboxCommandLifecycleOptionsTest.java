package wechatpay.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import wechatpay.reactor.sandbox.ContractFields;
import wechatpay.reactor.sandbox.Deductions;

/** {@code sandbox --deductions} and {@code --contract-fields}: parsing, usage errors and the help. */
class SandboxCommandLifecycleOptionsTest {

    private static SandboxCommand parse(String... args) {
        SandboxCommand command = new SandboxCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void deductionsIsPayAtOnceOrOnRequest() {
        assertThat(parse().deductions).isEqualTo(Deductions.PAY_AT_ONCE);
        assertThat(parse("--deductions", "on-request").deductions).isEqualTo(Deductions.ON_REQUEST);
        assertThat(parse("--deductions", "pay-at-once").deductions).isEqualTo(Deductions.PAY_AT_ONCE);
        CliTest.Run r = CliTest.cli("sandbox", "--deductions", "ON_REQUEST");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("--deductions", "expected pay-at-once or on-request, found 'ON_REQUEST'");
    }

    @Test
    void contractFieldsIsCurrentOrLegacy() {
        assertThat(parse().contractFields).isEqualTo(ContractFields.CURRENT);
        assertThat(parse("--contract-fields", "legacy").contractFields).isEqualTo(ContractFields.LEGACY);
        CliTest.Run r = CliTest.cli("sandbox", "--contract-fields", "old");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("--contract-fields", "expected current or legacy, found 'old'");
    }

    @Test
    void theHelpExplainsBothOptions() {
        CliTest.Run r = CliTest.cli("sandbox", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--deductions=pay-at-once|on-request", "/sandbox/deduct-orders/{out_trade_no}/settle",
                "--contract-fields=current|legacy", "contract_termination_mode");
    }
}
