package wechatpay.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.cli.CliTest.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.SandboxIdentity;
import wechatpay.reactor.sandbox.SandboxState;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/** presign, contract, terminate and deduct against one sandbox, configured by its state file. */
class LifecycleCommandsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static WechatPaySandbox sandbox;
    @TempDir
    static Path dir;
    private static String state;

    @BeforeAll
    static void start() {
        sandbox = WechatPaySandbox.builder().identity(SandboxIdentity.generate()).start();
        Path file = dir.resolve("sandbox.properties");
        SandboxState.write(sandbox, file);
        state = file.toString();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text.strip());
    }

    @Test
    void aContractIsPresignedQueriedAndTerminatedFromTheCommandLine() throws IOException {
        Path identity = dir.resolve("identity.properties");
        Files.writeString(identity, "identity_id=110101199003070000\nreal_name=张三\n", StandardCharsets.UTF_8);
        CliTest.Run presigned = cli("presign", "--config", state, "--type", "h5", "--appid", "wxd678efh567hg6787",
                "--plan-id", "CONSUMER_LOAN_PLAN", "--out-contract-code", "CLI1", "--display-name", "***S",
                "--notify-url", "https://merchant.example/contracts", "--repayment-amount-limit", "500000",
                "--jump-appid", "wxd678efh567hg6787", "--identity-file", identity.toString());
        assertThat(presigned.exit()).as(presigned.err()).isZero();
        assertThat(json(presigned.out()).get("redirect_url").stringValue()).startsWith("https://");
        assertThat(presigned.out() + presigned.err()).doesNotContain("110101199003070000").doesNotContain("张三");

        CliTest.Run before = cli("contract", "--config", state, "--out-contract-code", "CLI1");
        assertThat(before.exit()).as(before.err()).isZero();
        assertThat(json(before.out()).get("contract_state").stringValue()).isEqualTo("CONTRACT_STATE_INVALID");

        sandbox.signContract("CLI1");
        CliTest.Run ended = cli("terminate", "--config", state, "--out-contract-code", "CLI1", "--remark", "repaid");
        assertThat(ended.exit()).as(ended.err()).isZero();
        JsonNode contract = json(ended.out());
        assertThat(contract.get("contract_state").stringValue()).isEqualTo("CONTRACT_STATE_TERMINATED");
        assertThat(contract.get("contract_termination_remark").stringValue()).isEqualTo("repaid");

        CliTest.Run again = cli("terminate", "--config", state, "--out-contract-code", "CLI1", "--remark", "repaid");
        assertThat(again.exit()).as("a terminated contract is what the query shows: " + again.err()).isZero();
        CliTest.Run missing = cli("contract", "--config", state, "--out-contract-code", "NOSUCH1");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).startsWith("not found:");
    }

    @Test
    void aBadPresignIsAUsageErrorNamingTheField() {
        CliTest.Run bad = cli("presign", "--config", state, "--appid", "wx1", "--plan-id", "P", "--out-contract-code",
                "BAD-1", "--display-name", "x", "--notify-url", "https://m.example/c", "--repayment-amount-limit", "1");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("out_contract_code");
    }

    @Test
    void deductGivesOneResultLinePerInputLine() throws IOException {
        Contract c = sandbox.contracts().get(0);
        String date = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(2).toString();
        Path items = dir.resolve("items.csv");
        Files.writeString(items, "contract_id,appid,openid,out_record_id,sub_mchid,repayment_amount,min_repayment_amount,"
                + "repayment_date\n" + c.contractId() + "," + c.appid() + "," + c.openid() + ",DR1," + c.subMchid()
                + ",10000,2000," + date + "\n", StandardCharsets.UTF_8);
        assertThat(cli("schedule", "--config", state, "--input", items.toString()).exit()).isZero();

        Path orders = dir.resolve("orders.jsonl");
        Files.writeString(orders, String.join("\n",
                "{\"contract_id\":\"" + c.contractId() + "\",\"out_trade_no\":\"DT1\",\"out_record_id\":\"DR1\","
                        + "\"deduct_amount\":\"10000\",\"notify_url\":\"https://m.example/d\",\"description\":\"d\"}",
                "{\"contract_id\":\"" + c.contractId() + "\",\"out_trade_no\":\"DT2\",\"out_record_id\":\"DR1\","
                        + "\"deduct_amount\":\"ten\",\"notify_url\":\"https://m.example/d\",\"description\":\"d\"}",
                "{\"contract_id\":\"" + c.contractId() + "\",\"out_trade_no\":\"DT 3\",\"out_record_id\":\"DR1\","
                        + "\"deduct_amount\":\"1\",\"notify_url\":\"https://m.example/d\",\"description\":\"d\"}"),
                StandardCharsets.UTF_8);
        Path results = dir.resolve("deduct-results.jsonl");
        CliTest.Run run = cli("deduct", "--config", state, "--input", orders.toString(), "--output", results.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("summary: 1 started, 2 rejected, 0 failed of 3");
        List<JsonNode> lines = Files.readAllLines(results).stream().map(JSON::readTree)
                .sorted(java.util.Comparator.comparingLong(n -> n.get("line").longValue())).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).get("status").stringValue()).isEqualTo("started");
        assertThat(lines.get(0).get("out_trade_no").stringValue()).isEqualTo("DT1");
        assertThat(lines.get(0).get("order_state").stringValue()).startsWith("DEDUCT_ORDER_STATE_");
        assertThat(lines.get(1).get("code").stringValue()).isEqualTo("INVALID_LINE");
        assertThat(lines.get(1).get("message").stringValue()).startsWith("deduct_amount:");
        assertThat(lines.get(2).get("code").stringValue()).isEqualTo("VALIDATION_ERROR");
        assertThat(lines.get(2).get("field").stringValue()).isEqualTo("out_trade_no");
        assertThat(sandbox.holdsDeductOrder("DT1")).isTrue();
    }

    @Test
    void everyNewCommandHasHelp() {
        for (String command : List.of("presign", "contract", "terminate", "deduct")) {
            CliTest.Run help = cli(command, "--help");
            assertThat(help.exit()).as(command).isZero();
            assertThat(help.out()).as(command).contains("Usage: wechatpay-reactor " + command);
        }
    }
}
