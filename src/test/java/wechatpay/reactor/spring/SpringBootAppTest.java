package wechatpay.reactor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import wechatpay.reactor.creditrepayment.Presign;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.creditrepayment.StreamOptions;
import wechatpay.reactor.micrometer.MeteredStreams;
import wechatpay.reactor.micrometer.ObservationCallListener;
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
 * With Boot's meter registry: the stream's counters and Reactor Netty's client meters ({@code wechatpay.metrics.*}).
 */
class SpringBootAppTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PATH = "/pay/wechat/notify";
    private static final String FAIL_ONCE = "SBT2";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String STREAM = "repayments";
    private static final Set<String> TEMPLATES = Set.of(
            "/v3/credit-repayment/partner/schedule-records/batch-create",
            "/v3/credit-repayment/partner/schedule-records/{out_record_id}",
            "/v3/credit-repayment/partner/deduct-orders",
            "/v3/credit-repayment/partner/contracts/app-presign");

    static WechatPaySandbox sandbox;
    static ConfigurableApplicationContext app;
    static CallbackTap tap;
    static WebTestClient web;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        final BlockingQueue<Notification> events = new LinkedBlockingQueue<>();
        final BlockingQueue<Notification.ContractSigned> signed = new LinkedBlockingQueue<>();
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final TestObservationRegistry observations = TestObservationRegistry.create();

        /** The application's observation registry: the client's calls are observed into it. */
        @Bean
        ObservationRegistry observationRegistry() {
            return observations;
        }

        /**
         * {@code POST /repayments}: a JSON array of repayments in, one outcome per repayment out; the stream's
         * counters are the meters of the stream {@value #STREAM}.
         */
        @Bean
        RouterFunction<ServerResponse> repayments(WechatPayClient client, MeteredStreams streams) {
            return RouterFunctions.route(RequestPredicates.POST("/repayments"), request -> request
                    .bodyToMono(String.class)
                    .flatMapMany(body -> client.creditRepayment().scheduleRecords().schedule(Flux.fromIterable(
                            JSON.readTree(body)).map(App::item), StreamOptions.defaults()
                            .withStats(streams.stats(STREAM))))
                    .map(o -> Map.of("out_record_id", o.item().outRecordId(), "outcome", o.getClass().getSimpleName()))
                    .collectList()
                    .flatMap(all -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(JSON.writeValueAsString(all))));
        }

        static ScheduleItem item(JsonNode r) {
            return ScheduleItem.builder().contractId(r.get("contract_id").asString()).appid(r.get("appid").asString())
                    .openid(r.get("openid").asString()).subMchid(r.get("sub_mchid").asString())
                    .outRecordId(r.get("out_record_id").asString()).repaymentAmount(10_000).minRepaymentAmount(2_000)
                    .repaymentDate(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(3)).description("信贷还款")
                    .build();
        }

        /** Records every event; fails the first delivery of the order {@value #FAIL_ONCE}, as a database might. */
        @Bean
        WechatPayNotificationHandler recordingHandler() {
            return event -> Mono.fromRunnable(() -> {
                int n = calls.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
                if (event instanceof Notification.ContractSigned contract) {
                    signed.add(contract);
                    return;
                }
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
                "wechatpay.callback.max-body-size=16KB",
                "wechatpay.metrics.transport=true").run();
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

    @Test
    void twoHundredRepaymentsPostedGiveTwoHundredOutcomesAndObservations() {
        List<Map<String, String>> posted = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Contract c = sandbox.contracts().get(i % 2);
            posted.add(Map.of("contract_id", c.contractId(), "appid", c.appid(), "openid", c.openid(),
                    "sub_mchid", c.subMchid(), "out_record_id", "SBA" + i));
        }
        byte[] answer = web.post().uri("/repayments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsString(posted)).exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        JsonNode outcomes = JSON.readTree(answer);
        assertThat(outcomes.size()).isEqualTo(200);
        Set<String> ids = new HashSet<>();
        outcomes.forEach(o -> {
            assertThat(o.get("outcome").asString()).isEqualTo("Scheduled");
            ids.add(o.get("out_record_id").asString());
        });
        assertThat(ids).hasSize(200);

        TestObservationRegistryAssert.assertThat(handlers().observations)
                .hasObservationWithNameEqualTo(ObservationCallListener.NAME).that()
                .hasLowCardinalityKeyValue("path", "/v3/credit-repayment/partner/schedule-records/batch-create")
                .hasLowCardinalityKeyValue("method", "POST")
                .doesNotHaveLowCardinalityKeyValueWithKey("request_id")
                .doesNotHaveLowCardinalityKeyValueWithKey("uri")
                .hasHighCardinalityKeyValueWithKey("request_id");

        MeterRegistry meters = app.getBean(MeterRegistry.class);
        assertThat(meters.get("wechatpay.stream.items").tag("stream", STREAM).tag("result", "created")
                .functionCounter().count()).isEqualTo(200);
        assertThat(meters.get("wechatpay.stream.items").tag("stream", STREAM).tag("result", "failed")
                .functionCounter().count()).isZero();
        assertThat(meters.get("wechatpay.stream.in_flight").tag("stream", STREAM).gauge().value()).isZero();
    }

    /**
     * {@code wechatpay.metrics.transport=true}: Reactor Netty's client meters reach the application's registry
     * (Boot adds it to Micrometer's global one, where Reactor Netty registers), each {@code uri} a path template.
     */
    @Test
    void theTransportMetersReachBootsRegistryTaggedWithTemplates() {
        WechatPayClient client = app.getBean(WechatPayClient.class);
        Contract contract = sandbox.contracts().get(0);
        client.creditRepayment().scheduleRecords().create(Sandboxed.item(contract, "SBM1")).block(WAIT);
        client.creditRepayment().scheduleRecords().get("SBM1", contract.contractId()).block(WAIT);
        MeterRegistry meters = app.getBean(MeterRegistry.class);
        String sandboxAddress = java.net.URI.create(sandbox.baseUrl()).getAuthority();
        List<Meter> transport = meters.getMeters().stream()
                .filter(m -> m.getId().getName().startsWith("reactor.netty.http.client."))
                .filter(m -> sandboxAddress.equals(m.getId().getTag("remote.address"))).toList();
        assertThat(transport).extracting(m -> m.getId().getName())
                .contains("reactor.netty.http.client.response.time");
        assertThat(transport).filteredOn(m -> m.getId().getTag("method") != null).isNotEmpty()
                .allSatisfy(m -> assertThat(TEMPLATES).contains(m.getId().getTag("uri")));
        assertThat(meters.get("reactor.netty.http.client.response.time")
                .tag("uri", "/v3/credit-repayment/partner/schedule-records/{out_record_id}").timers())
                .isNotEmpty();
    }

    @Test
    void aSignedContractReachesTheHandlerOnce() throws Exception {
        WechatPayClient client = app.getBean(WechatPayClient.class);
        client.creditRepayment().contracts().appPresign(Presign.builder().appid("wxd678efh567hg6787")
                .planId("CONSUMER_LOAN_PLAN").outContractCode("SBC1").displayName("***S").subMchid("1900000109")
                .contractNotifyUrl(tap.url(PATH)).repaymentAmountLimit(5_000_000).build()).block(WAIT);
        WebTestClient.bindToServer().baseUrl(sandbox.baseUrl()).responseTimeout(WAIT).build()
                .post().uri("/sandbox/contracts/SBC1/sign").contentType(MediaType.APPLICATION_JSON).bodyValue("")
                .exchange().expectStatus().isOk();
        Notification.ContractSigned signed = handlers().signed.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(signed).as("a SIGN_CONTRACT callback at the handler").isNotNull();
        assertThat(signed.contract().outContractCode()).isEqualTo("SBC1");
        assertThat(tap.await(signed.id(), 1, WAIT)).extracting(CallbackTap.Delivery::status).containsExactly(200);
        assertThat(handlers().calls.get(signed.id())).hasValue(1);
        assertThat(handlers().signed).isEmpty();
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
