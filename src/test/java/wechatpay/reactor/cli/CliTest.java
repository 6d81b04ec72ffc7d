package wechatpay.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import wechatpay.reactor.RetryPolicy;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.Fault;
import wechatpay.reactor.sandbox.FaultRates;
import wechatpay.reactor.sandbox.SandboxIdentity;
import wechatpay.reactor.sandbox.SandboxState;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/** The commands end to end: parsing, exit codes, and schedule runs against a sandbox with faults. */
class CliTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SandboxIdentity IDENTITY = SandboxIdentity.generate();
    private static WechatPaySandbox sandbox;
    @TempDir
    static Path dir;
    private static Path state;

    @BeforeAll
    static void start() {
        sandbox = WechatPaySandbox.builder().identity(IDENTITY)
                .faults(FaultRates.NONE.withSeed(11).with(Fault.SERVER_ERROR, 0.2).with(Fault.THROTTLE, 0.1).with(Fault.RESET_AFTER, 0.05)
                        .withLatency(Duration.ZERO, Duration.ofMillis(5)))
                .start();
        state = dir.resolve("sandbox.properties");
        SandboxState.write(sandbox, state);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    /** Exit code, stdout and stderr of one command. */
    record Run(int exit, String out, String err) {
    }

    static synchronized Run cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            return new Run(Cli.run(args), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static String date(int days) {
        return LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(days).toString();
    }

    private static String csvRow(Contract c, String id, String amount, String date) {
        return String.join(",", c.contractId(), c.appid(), c.openid(), id, c.subMchid(), amount,
                Long.toString(Long.parseLong(amount.replaceAll("\\D", "0")) / 5), date, "\"还款, 第1期\"");
    }

    private static List<JsonNode> results(Path output) throws IOException {
        return Files.readAllLines(output).stream().map(JSON::readTree).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "schedule", "query", "sandbox"})
    void everyCommandHasHelp(String command) {
        Run r = cli(command, "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage:").contains(command);
    }

    @Test
    void usageErrorsExitWithOneAndOneLine() {
        Run unknown = cli("schedule", "--input", dir.resolve("x.csv").toString(), "--bogus");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("Unknown option: '--bogus'");
        Run missing = cli("schedule", "--input", dir.resolve("missing.csv").toString(), "--config", state.toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err().strip()).startsWith("error: --input").doesNotContain("\tat ").doesNotContain("\n");
        Run required = cli("query", "--contract-id", "C");
        assertThat(required.exit()).isEqualTo(1);
        assertThat(required.err()).contains("--out-record-id");
        Run both = cli("query", "--out-record-id", "A", "--contract-id", "C", "--config", state.toString(), "--sandbox");
        assertThat(both.exit()).isEqualTo(1);
        assertThat(both.err()).contains("--config and --sandbox exclude each other");
    }

    @Test
    void aConfigWithoutAKeyIsAConfigurationError() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.properties"), "mchid=1900000001\nmerchant_serial=ABC\n");
        Run r = cli("query", "--out-record-id", "A", "--contract-id", "C", "--config", bad.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("merchant_private_key_file is required");
    }

    @Test
    void environmentVariablesNameTheMissingOne() {
        Map<String, String> env = Map.of("WECHATPAY_MCHID", "1900000001");
        try {
            Target.resolve(null, false, env, new ClientLimits(4, 0, RetryPolicy.none()), FaultRates.NONE).close();
            throw new AssertionError("expected a usage error");
        } catch (UsageException e) {
            assertThat(e.getMessage()).isEqualTo("WECHATPAY_* environment variables: WECHATPAY_MERCHANT_SERIAL is required");
        }
    }

    @Test
    void scheduleACsvWithFaultsGivesExactlyOneResultPerInputLine() throws IOException {
        List<Contract> cs = sandbox.contracts();
        List<String> lines = new java.util.ArrayList<>();
        lines.add("\uFEFFcontract_id,appid,openid,out_record_id,sub_mchid,repayment_amount,min_repayment_amount,"
                + "repayment_date,description");
        int valid = 0;
        for (int i = 0; i < 60; i++) {
            lines.add(csvRow(cs.get(i % cs.size()), "CSV" + i, Integer.toString(10_000 + i), date(2 + i % 10)));
            valid++;
            if (i % 20 == 5) {
                lines.add("");  // blank lines are skipped, not results
            }
        }
        lines.add(csvRow(cs.get(0), "CSVBAD1", "12.50", date(3)));          // not a whole number of fen
        lines.add(csvRow(cs.get(0), "CSV-BAD2", "10000", date(3)));         // breaks the out_record_id rule
        lines.add(csvRow(cs.get(0), "CSVBAD3", "10000", date(30)));         // outside the date window
        lines.add("\"unterminated," + cs.get(0).appid());                    // not CSV
        Path input = Files.write(dir.resolve("items.csv"), lines, StandardCharsets.UTF_8);
        Path output = dir.resolve("out.jsonl");
        Run r = cli("schedule", "--input", input.toString(), "--output", output.toString(), "--config",
                state.toString(), "--max-in-flight", "8", "--attempts", "10");
        assertThat(r.exit()).isEqualTo(2);
        List<JsonNode> results = results(output);
        assertThat(results).hasSize(valid + 4);
        Set<Long> lineNumbers = results.stream().map(n -> n.get("line").asLong()).collect(Collectors.toSet());
        assertThat(lineNumbers).hasSize(valid + 4);
        Map<String, Long> byStatus = results.stream()
                .collect(Collectors.groupingBy(n -> n.get("status").asString(), Collectors.counting()));
        assertThat(byStatus).containsEntry("scheduled", (long) valid).containsEntry("rejected", 4L);
        JsonNode wrongId = results.stream().filter(n -> "CSV-BAD2".equals(n.path("out_record_id").asString(null)))
                .findFirst().orElseThrow();
        assertThat(wrongId.get("code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(wrongId.get("message").asString()).startsWith("out_record_id:");
        assertThat(wrongId.get("attempts").asInt()).isZero();
        assertThat(results).filteredOn(n -> n.get("status").asString().equals("scheduled"))
                .allSatisfy(n -> assertThat(n.get("request_id").asString()).isNotBlank());
        for (int i = 0; i < 60; i++) {
            assertThat(sandbox.created("CSV" + i)).isEqualTo(1);
        }
        assertThat(r.err()).contains("summary: " + valid + " scheduled, 4 rejected, 0 failed of " + (valid + 4));
    }

    @Test
    void scheduleAJsonlFileAllValidExitsZero() throws IOException {
        List<Contract> cs = sandbox.contracts();
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Contract c = cs.get(i % cs.size());
            lines.add("{\"contract_id\":\"" + c.contractId() + "\",\"appid\":\"" + c.appid() + "\",\"openid\":\""
                    + c.openid() + "\",\"out_record_id\":\"JL" + i + "\",\"sub_mchid\":\"" + c.subMchid()
                    + "\",\"repayment_amount\":" + (5_000 + i) + ",\"min_repayment_amount\":\"2000\","
                    + "\"repayment_date\":\"" + date(5) + "\"}");
        }
        Path input = Files.write(dir.resolve("items.jsonl"), lines, StandardCharsets.UTF_8);
        Path output = dir.resolve("jl.jsonl");
        Run r = cli("schedule", "--input", input.toString(), "--output", output.toString(), "--config",
                state.toString(), "--attempts", "10");
        assertThat(r.exit()).isZero();
        assertThat(results(output)).hasSize(20)
                .allSatisfy(n -> assertThat(n.get("status").asString()).isEqualTo("scheduled"));
    }

    @Test
    void queryFindsARecordOrSaysNotFound() throws IOException {
        Contract c = sandbox.contracts().get(1);
        Path input = Files.write(dir.resolve("one.csv"), List.of(
                "contract_id,appid,openid,out_record_id,sub_mchid,repayment_amount,min_repayment_amount,repayment_date",
                String.join(",", c.contractId(), c.appid(), c.openid(), "Q1", c.subMchid(), "8000", "1000", date(4))));
        assertThat(cli("schedule", "--input", input.toString(), "--config", state.toString(), "--attempts", "10").exit())
                .isZero();
        Run found = cli("query", "--out-record-id", "Q1", "--contract-id", c.contractId(), "--config", state.toString(),
                "--attempts", "10");
        assertThat(found.exit()).isZero();
        assertThat(JSON.readTree(found.out()).get("repayment_amount").asString()).isEqualTo("8000");
        Run missing = cli("query", "--out-record-id", "NOPE", "--contract-id", c.contractId(), "--config",
                state.toString(), "--attempts", "10");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).startsWith("not found:");
    }

    @Test
    void demoSchedulesEveryItemOnTheEmbeddedSandbox() {
        Run r = cli("demo", "--items", "40", "--max-in-flight", "8");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("summary: 40 scheduled, 0 rejected, 0 failed of 40");
        assertThat(r.out().lines().count()).isEqualTo(3);
    }
}
