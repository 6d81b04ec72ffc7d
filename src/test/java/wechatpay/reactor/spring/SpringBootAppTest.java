package wechatpay.reactor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.DeductOrder;
import wechatpay.reactor.creditrepayment.DeductOrderRecord;
import wechatpay.reactor.creditrepayment.ScheduleRecord;
import wechatpay.reactor.integration.Sandboxed;
import wechatpay.reactor.notification.Notification;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.SandboxState;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/**
 * A real Spring Boot WebFlux application on a real port, configured only by {@code wechatpay.*} properties that
 * point at a running sandbox: its client schedules and deducts, the sandbox's DEDUCTION_PAY callback reaches the
 * auto-configured route (through a {@link CallbackTap}), and the application's handler bean gets the typed event
 * once, however often it is delivered; a forged or altered callback is refused with 401 and never reaches it.
 */
class SpringBootAppTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PATH = "/pay/wechat/notify";
    private static final String FAIL_ONCE = "SBT2";

    static WechatPaySandbox sandbox;
    static ConfigurableApplicationContext app;
    static CallbackTap tap;
    static WebTestClient web;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        final BlockingQueue<Notification> events = new LinkedBlockingQueue<>();
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        /** Records every event; fails the first delivery of the order {@value #FAIL_ONCE}, as a database might. */
        @Bean
        WechatPayNotificationHandler recordingHandler() {
            return event -> Mono.fromRunnable(() -> {
                int n = calls.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
                if (n == 1 && event instanceof Notification.DeductionPaid paid
                        && paid.order().outTradeNo().equals(FAIL_ONCE)) {
                    throw new IllegalStateException("the orders database is down");
                }
                events.add(event);
            });
        }

        int totalCalls() {
            return calls.values().stream().mapToInt(AtomicInteger::get).sum();
        }
    }

    @BeforeAll
    static void start(@TempDir Path dir) {
        sandbox = WechatPaySandbox.builder().identity(Sandboxed.IDENTITY).seedContracts(2)
                .callbacks(4, Duration.ofMillis(20)).start();
        Map<String, String> state = SandboxState.write(sandbox, dir.resolve("sandbox.properties"));
        app = new SpringApplicationBuilder(App.class).web(WebApplicationType.REACTIVE).properties(
                "server.port=0",
                "server.address=127.0.0.1",
                "wechatpay.mchid=" + state.get("mchid"),
                "wechatpay.merchant-serial=" + state.get("merchant_serial"),
                "wechatpay.private-key-location=" + state.get("merchant_private_key_file"),
                "wechatpay.public-key-id=" + state.get("wechatpay_public_key_id"),
                "wechatpay.public-key-location=file:" + state.get("wechatpay_public_key_file"),
                "wechatpay.api-v3-key=" + state.get("apiv3_key"),
                "wechatpay.base-url=" + state.get("base_url"),
                "wechatpay.retry.backoff=5ms",
                "wechatpay.callback.path=" + PATH,
                "wechatpay.callback.max-body-size=16KB").run();
        String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        tap = new CallbackTap(base);
        web = WebTestClient.bindToServer().baseUrl(base).responseTimeout(WAIT).build();
    }

    @AfterAll
    static void stop() {
        if (tap != null) {
            tap.close();
        }
        if (app != null) {
            app.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static App handlers() {
        return app.getBean(App.class);
    }

    /** Schedules a record and starts its deduction, with the order's notify_url at the application's route. */
    private static void scheduleAndDeduct(Contract contract, String outRecordId, String outTradeNo) {
        WechatPayClient client = app.getBean(WechatPayClient.class);
        ScheduleRecord record = client.creditRepayment().scheduleRecords()
                .create(Sandboxed.item(contract, outRecordId)).block(WAIT);
        assertThat(record.outRecordId()).isEqualTo(outRecordId);
        DeductOrderRecord order = client.creditRepayment().deductOrders().create(DeductOrder.builder()
                .contractId(contract.contractId()).outTradeNo(outTradeNo).outRecordId(outRecordId)
                .deductAmount(10_000).notifyUrl(tap.url(PATH)).description("信贷还款").build()).block(WAIT);
        assertThat(order.outTradeNo()).isEqualTo(outTradeNo);
    }

    private static Notification.DeductionPaid nextPaid() throws InterruptedException {
        Notification event = handlers().events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(event).as("a DEDUCTION_PAY callback at the handler").isInstanceOf(Notification.DeductionPaid.class);
        return (Notification.DeductionPaid) event;
    }

    @Test
    void theSandboxsCallbackReachesTheHandlerOnceAndForgeriesNever() throws Exception {
        scheduleAndDeduct(sandbox.contracts().get(0), "SBR1", "SBT1");
        Notification.DeductionPaid paid = nextPaid();
        assertThat(paid.order().outTradeNo()).isEqualTo("SBT1");
        assertThat(paid.order().paySuccessAmount()).hasValue(10_000);
        List<CallbackTap.Delivery> deliveries = tap.await(paid.id(), 1, WAIT);
        assertThat(deliveries).extracting(CallbackTap.Delivery::status).containsExactly(200);
        CallbackTap.Delivery delivered = deliveries.get(0);
        int handledBefore = handlers().totalCalls();

        // WeChat Pay delivers again: acknowledged, not handled again.
        deliver(delivered, delivered.body()).expectStatus().isOk().expectBody().isEmpty();
        // One byte changed: refused as a forgery, FAIL in the body.
        byte[] altered = delivered.body().clone();
        int at = new String(altered, StandardCharsets.UTF_8).indexOf("\"summary\"") + 1;
        altered[at] = (byte) 'S';
        refused(deliver(delivered, altered), 401, "BAD_SIGNATURE");
        // Headers of one callback over another's body: refused too.
        refused(web.post().uri(PATH).header("Wechatpay-Timestamp", delivered.headers().get("Wechatpay-Timestamp"))
                .header("Wechatpay-Nonce", delivered.headers().get("Wechatpay-Nonce"))
                .header("Wechatpay-Serial", delivered.headers().get("Wechatpay-Serial"))
                .header("Wechatpay-Signature", delivered.headers().get("Wechatpay-Signature"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"id\":\"forged\"}").exchange(), 401,
                "BAD_SIGNATURE");
        // Larger than wechatpay.callback.max-body-size.
        refused(deliver(delivered, new byte[16 * 1024 + 1]), 413, "TOO_LARGE");

        assertThat(handlers().calls.get(paid.id())).hasValue(1);
        assertThat(handlers().totalCalls()).isEqualTo(handledBefore);
        assertThat(handlers().events).isEmpty();
    }

    @Test
    void aFailingHandlerAnswers500AndTheRedeliveryIsHandled() throws Exception {
        scheduleAndDeduct(sandbox.contracts().get(1), "SBR2", FAIL_ONCE);
        Notification.DeductionPaid paid = nextPaid();
        assertThat(paid.order().outTradeNo()).isEqualTo(FAIL_ONCE);
        assertThat(handlers().calls.get(paid.id())).hasValue(2);
        assertThat(tap.await(paid.id(), 2, WAIT)).extracting(CallbackTap.Delivery::status).containsExactly(500, 200);
    }

    private static WebTestClient.ResponseSpec deliver(CallbackTap.Delivery delivery, byte[] body) {
        return web.post().uri(PATH).headers(h -> delivery.headers().forEach(e -> {
                    if (!e.getKey().equalsIgnoreCase("Host") && !e.getKey().equalsIgnoreCase("Content-Length")) {
                        h.add(e.getKey(), e.getValue());
                    }
                }))
                .bodyValue(body).exchange();
    }

    private static void refused(WebTestClient.ResponseSpec response, int status, String reason) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody(byte[].class).consumeWith(result -> assertThat(new String(result.getResponseBody(),
                        StandardCharsets.UTF_8)).startsWith("{\"code\":\"FAIL\",\"message\":\"" + reason + ": "));
    }
}
