package wechatpay.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import wechatpay.reactor.sandbox.Fault;
import wechatpay.reactor.sandbox.FaultRates;

/** {@code sandbox}'s fault options: parsing into {@link FaultRates}, usage errors, and the kinds in the help. */
class SandboxCommandTest {

    private static SandboxCommand parse(String... args) {
        SandboxCommand command = new SandboxCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void repeatedFaultOptionsBecomeOneFaults() {
        FaultRates faults = parse("--seed", "5", "--fault", "server-error=0.1", "--fault", "RESET-AFTER=0.02",
                "--fault", "garbled=0.05", "--throttle-qps", "50", "--latency-ms", "0-20").faults();
        assertThat(faults).isEqualTo(FaultRates.NONE.withSeed(5).with(Fault.SERVER_ERROR, 0.1)
                .with(Fault.RESET_AFTER, 0.02).with(Fault.GARBLED, 0.05).withThrottleQps(50)
                .withLatency(Duration.ZERO, Duration.ofMillis(20)));
        assertThat(parse().faults()).isEqualTo(FaultRates.NONE.withSeed(1));
    }

    @Test
    void anUnknownKindIsAUsageErrorNamingTheOptionAndTheKinds() {
        CliTest.Run r = CliTest.cli("sandbox", "--fault", "fail=0.1");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("--fault", "unknown fault kind 'fail'", FaultOption.kinds())
                .contains("server-error", "no-request-id", "sign-error");
    }

    @ParameterizedTest
    @ValueSource(strings = {"server-error=1.5", "server-error=-0.1", "server-error=often", "server-error=NaN"})
    void aRateOutsideZeroToOneIsAUsageError(String value) {
        CliTest.Run r = CliTest.cli("sandbox", "--fault", value);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("--fault", "expected a number in [0, 1]").doesNotContain("\tat ");
    }

    @Test
    void aFaultWithoutARateOrRatesAboveOneAreUsageErrors() {
        CliTest.Run bare = CliTest.cli("sandbox", "--fault", "server-error");
        assertThat(bare.exit()).isEqualTo(1);
        assertThat(bare.err()).contains("--fault");
        CliTest.Run total = CliTest.cli("sandbox", "--fault", "throttle=0.6", "--fault", "forge=0.6");
        assertThat(total.exit()).isEqualTo(1);
        assertThat(total.err()).contains("error: --fault: rates: expected a total of at most 1");
        assertThatThrownBy(() -> parse("--latency-ms", "5").faults()).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--latency-ms: expected MIN-MAX");
        assertThatThrownBy(() -> parse("--latency-ms", "9-3").faults()).hasMessageStartingWith("--latency-ms: latency");
    }

    /** The enum options: default, each value by its hyphenated name, and a usage error naming the choices. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "--repeats; answer-stored; refuse; ANSWER_STORED; expected answer-stored or refuse, found 'ANSWER_STORED'",
        "--deductions; pay-at-once; on-request; ON_REQUEST; expected pay-at-once or on-request, found 'ON_REQUEST'",
        "--contract-fields; current; legacy; old; expected current or legacy, found 'old'"})
    void anEnumOptionTakesItsHyphenatedNames(String option, String byDefault, String other, String bad, String error) {
        java.util.function.Function<SandboxCommand, Enum<?>> value = c -> switch (option) {
            case "--repeats" -> c.repeats;
            case "--deductions" -> c.deductions;
            default -> c.contractFields;
        };
        assertThat(HyphenatedName.of(value.apply(parse()))).isEqualTo(byDefault);
        assertThat(HyphenatedName.of(value.apply(parse(option, other)))).isEqualTo(other);
        assertThat(HyphenatedName.of(value.apply(parse(option, byDefault)))).isEqualTo(byDefault);
        CliTest.Run r = CliTest.cli("sandbox", option, bad);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(option, error);
    }

    @Test
    void theHelpListsEveryKindWithItsDescription() {
        CliTest.Run r = CliTest.cli("sandbox", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--fault=KIND=RATE", "--repeats");
        for (Fault fault : Fault.values()) {
            assertThat(r.out()).contains(fault.cliName() + " ").contains(fault.description());
        }
    }

    @Test
    void theHelpExplainsBothOptions() {
        CliTest.Run r = CliTest.cli("sandbox", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--deductions=pay-at-once|on-request", "/sandbox/deduct-orders/{out_trade_no}/settle",
                "--contract-fields=current|legacy", "contract_termination_mode");
    }
}
