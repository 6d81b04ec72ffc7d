package wechatpay.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.cli.CliTest.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.SandboxIdentity;
import wechatpay.reactor.sandbox.SandboxState;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/**
 * {@code callback} on a callback the sandbox really sent (captured by a loopback server and written the way
 * {@code curl -D} writes headers): verified and printed; any changed byte, or a configuration without the APIv3
 * key, is refused.
 */
class CallbackCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static WechatPaySandbox sandbox;
    private static DisposableServer receiver;
    private static final BlockingQueue<String[]> RECEIVED = new ArrayBlockingQueue<>(8);
    @TempDir
    static Path dir;
    private static Path state;

    @BeforeAll
    static void start() {
        sandbox = WechatPaySandbox.builder().identity(SandboxIdentity.generate()).start();
        state = dir.resolve("sandbox.properties");
        SandboxState.write(sandbox, state);
        receiver = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> req.receive().aggregate().asString(StandardCharsets.UTF_8).flatMap(body -> {
                    StringBuilder head = new StringBuilder("POST " + req.uri() + " HTTP/1.1\r\n");
                    req.requestHeaders().forEach(h -> head.append(h.getKey()).append(": ").append(h.getValue())
                            .append("\r\n"));
                    RECEIVED.add(new String[] {head.append("\r\n").toString(), body});
                    return res.status(200).send().then();
                }).then(Mono.empty()))
                .bindNow(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        receiver.disposeNow(Duration.ofSeconds(5));
        sandbox.close();
    }

    /** Schedules and deducts one record through the CLI so that the sandbox sends DEDUCTION_PAY to the receiver. */
    private static String[] deductionCallback() throws Exception {
        Contract c = sandbox.contracts().get(0);
        Path items = dir.resolve("items.jsonl");
        String id = "CB" + System.nanoTime() % 1_000_000;
        Files.writeString(items, "{\"contract_id\":\"" + c.contractId() + "\",\"appid\":\"" + c.appid() + "\",\"openid\":\""
                + c.openid() + "\",\"out_record_id\":\"" + id + "\",\"sub_mchid\":\"" + c.subMchid()
                + "\",\"repayment_amount\":\"10000\",\"min_repayment_amount\":\"2000\",\"repayment_date\":\""
                + LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(2) + "\"}\n");
        assertThat(cli("schedule", "--config", state.toString(), "--input", items.toString()).exit()).isZero();
        Path orders = dir.resolve("orders.jsonl");
        Files.writeString(orders, "{\"contract_id\":\"" + c.contractId() + "\",\"out_trade_no\":\"T" + id
                + "\",\"out_record_id\":\"" + id + "\",\"deduct_amount\":\"10000\",\"notify_url\":\"http://127.0.0.1:"
                + receiver.port() + "/notify\",\"description\":\"d\"}\n");
        assertThat(cli("deduct", "--config", state.toString(), "--input", orders.toString()).exit()).isZero();
        String[] got = RECEIVED.poll(20, TimeUnit.SECONDS);
        assertThat(got).as("the sandbox's DEDUCTION_PAY").isNotNull();
        return got;
    }

    private static CliTest.Run callback(String head, byte[] body, Path config) throws IOException {
        Path h = Files.writeString(dir.resolve("headers.txt"), head);
        Path b = Files.write(dir.resolve("body.json"), body);
        return cli("callback", "--config", config.toString(), "--headers", h.toString(), "--body", b.toString());
    }

    @Test
    void aRealCallbackIsVerifiedAndPrintedAndAChangedByteIsNot() throws Exception {
        String[] got = deductionCallback();
        byte[] body = got[1].getBytes(StandardCharsets.UTF_8);

        CliTest.Run ok = callback(got[0], body, state);
        assertThat(ok.exit()).as(ok.err()).isZero();
        JsonNode event = JSON.readTree(ok.out().strip());
        assertThat(event.get("event_type").stringValue()).isEqualTo("CREDIT_REPAYMENT.DEDUCTION_PAY");
        assertThat(event.get("id").stringValue()).isNotEmpty();
        assertThat(event.get("resource").get("out_trade_no").stringValue()).startsWith("TCB");
        assertThat(event.get("resource").get("order_state").stringValue()).startsWith("DEDUCT_ORDER_STATE_");

        byte[] changed = body.clone();
        int at = got[1].indexOf("\"ciphertext\":\"") + 20;
        changed[at] = (byte) (changed[at] == 'A' ? 'B' : 'A');
        CliTest.Run bad = callback(got[0], changed, state);
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("not verified: BAD_SIGNATURE");
        assertThat(bad.out()).isEmpty();

        CliTest.Run noSignature = callback(got[0].replaceAll("(?i)wechatpay-signature:[^\r\n]*\r\n", ""), body, state);
        assertThat(noSignature.exit()).isEqualTo(2);
        assertThat(noSignature.err()).startsWith("not verified: MISSING_HEADER");
    }

    @Test
    void aConfigurationWithoutTheApiV3KeyIsAUsageError() throws Exception {
        Path partial = dir.resolve("no-apiv3.properties");
        Files.write(partial, Files.readAllLines(state).stream().filter(l -> !l.startsWith("apiv3_key")).toList());
        CliTest.Run run = callback("Wechatpay-Serial: x\n", "{}".getBytes(StandardCharsets.UTF_8), partial);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("apiv3_key is required");
        assertThat(cli("callback", "--help").out()).contains("'Name: value' lines");
    }
}
