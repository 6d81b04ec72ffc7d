package wechatpay.reactor.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.integration.Sandboxed.IDENTITY;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerResponse;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.ContractState;
import wechatpay.reactor.creditrepayment.TerminationMode;
import wechatpay.reactor.integration.Sandboxed;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/**
 * Callbacks the real sandbox sends, over HTTP to a notify-URL server on loopback, parsed by our parser and
 * answered with {@link NotificationReply}: one delivery when answered 200, redeliveries when answered FAIL.
 */
class NotificationSandboxTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private WechatPaySandbox sandbox;
    private WechatPayClient client;
    private DisposableServer server;
    private final BlockingQueue<Notification> parsed = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(5));
        }
        if (client != null) {
            client.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private void start(int attempts) {
        sandbox = WechatPaySandbox.builder().identity(IDENTITY).callbacks(attempts, Duration.ofMillis(20)).start();
        client = Sandboxed.client(sandbox).build();
    }

    /**
     * The merchant's callback endpoint: every request is parsed, then handed to {@code handler}; the answer is
     * {@link NotificationReply#success()} or {@link NotificationReply#of(Throwable)}.
     */
    private String notifyServer(Function<Notification, Mono<Void>> handler) {
        NotificationParser parser = NotificationParser.forClient(client, IDENTITY.apiV3Key());
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                        .flatMap(body -> parser.parse(req.requestHeaders()::get, body))
                        .doOnNext(parsed::add)
                        .flatMap(handler)
                        .then(Mono.fromSupplier(NotificationReply::success))
                        .onErrorResume(e -> Mono.just(NotificationReply.of(e)))
                        .flatMap(reply -> write(res, reply)))
                .bindNow(Duration.ofSeconds(10));
        return "http://127.0.0.1:" + server.port() + "/notify/credit-repayment";
    }

    private static Mono<Void> write(HttpServerResponse res, NotificationReply reply) {
        res.status(reply.status());
        reply.contentType().ifPresent(type -> res.header("Content-Type", type));
        return reply.body().length == 0 ? res.send().then() : res.sendByteArray(Mono.just(reply.body())).then();
    }

    // A deduct order's DEDUCTION_PAY callback is parsed into DeductionPaid and, answered 200, delivered once.
    @Test
    void deductionPayIsParsedAndDeliveredOnce() throws InterruptedException {
        start(3);
        String url = notifyServer(n -> Mono.empty());
        deduct("NTF0001", "NTF-TRADE-0001", url);

        Notification n = parsed.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(n).isInstanceOfSatisfying(Notification.DeductionPaid.class, paid -> {
            assertThat(paid.order().outTradeNo()).isEqualTo("NTF-TRADE-0001");
            assertThat(paid.order().outRecordId()).isEqualTo("NTF0001");
            assertThat(paid.order().paySuccessAmount()).hasValue(8_000);
            assertThat(paid.order().transactionId()).hasValueSatisfying(t -> assertThat(t).startsWith("4200"));
        });
        awaitAtLeast(1, () -> sandbox.stats().callbacksDelivered());
        assertThat(sandbox.stats().callbackAttempts()).isEqualTo(1);
        assertThat(sandbox.stats().callbacksFailed()).isZero();
        assertThat(parsed).isEmpty();
    }

    // A handler that fails is answered 500 FAIL, and the sandbox delivers the same event again (same id) until a
    // 200: three deliveries, one event handled once by id.
    @Test
    void aFailAnswerGetsTheSameEventRedelivered() throws InterruptedException {
        start(3);
        AtomicInteger calls = new AtomicInteger();
        Set<String> handled = ConcurrentHashMap.newKeySet();
        String url = notifyServer(n -> calls.incrementAndGet() <= 2
                ? Mono.error(new IllegalStateException("ledger unavailable"))
                : Mono.fromRunnable(() -> handled.add(n.id())));
        deduct("NTF0002", "NTF-TRADE-0002", url);

        awaitAtLeast(1, () -> sandbox.stats().callbacksDelivered() + sandbox.stats().callbacksFailed());
        assertThat(sandbox.stats().callbacksDelivered()).isEqualTo(1);
        assertThat(sandbox.stats().callbackAttempts()).isEqualTo(3);
        assertThat(parsed).hasSize(3).extracting(Notification::id).containsOnly(parsed.peek().id());
        assertThat(handled).containsExactly(parsed.peek().id());
    }

    // Answered FAIL every time, the sandbox gives up after its attempts; each one was a verified, typed event.
    @Test
    void alwaysFailGivesUpAfterTheAttempts() throws InterruptedException {
        start(2);
        String url = notifyServer(n -> Mono.error(new IllegalStateException("down")));
        deduct("NTF0003", "NTF-TRADE-0003", url);

        awaitAtLeast(1, () -> sandbox.stats().callbacksFailed());
        assertThat(sandbox.stats().callbacksDelivered()).isZero();
        assertThat(sandbox.stats().callbackAttempts()).isEqualTo(2);
        assertThat(parsed).hasSize(2).allSatisfy(n -> assertThat(n).isInstanceOf(Notification.DeductionPaid.class));
    }

    // Presign, the user signs (sandbox control), the merchant terminates: SIGN_CONTRACT then TERMINATE_CONTRACT.
    @Test
    void contractSignedAndTerminated() throws InterruptedException {
        start(1);
        String url = notifyServer(n -> Mono.empty());
        Map<String, Object> presign = new LinkedHashMap<>();
        presign.put("appid", "wxd678efh567hg6787");
        presign.put("plan_id", "CONSUMER_LOAN_PLAN");
        presign.put("out_contract_code", "NTFCONTRACT1");
        presign.put("display_name", "***S");
        presign.put("contract_notify_url", url);
        presign.put("repayment_amount_limit", "5000000");
        assertThat(client.chain("v3/credit-repayment/partner/contracts/app-presign").post(presign).block(TIMEOUT)
                .status()).isEqualTo(200);
        sandbox.signContract("NTFCONTRACT1");

        Notification signed = parsed.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(signed).isInstanceOfSatisfying(Notification.ContractSigned.class, s -> {
            assertThat(s.contract().outContractCode()).isEqualTo("NTFCONTRACT1");
            assertThat(s.contract().state()).isEqualTo(ContractState.EFFECTIVE);
            assertThat(s.contract().contractId()).isPresent();
        });

        client.chain("v3/credit-repayment/partner/contracts/terminate").post(Map.of(
                "out_contract_code", "NTFCONTRACT1", "contract_termination_remark", "用户已结清")).block(TIMEOUT);
        Notification ended = parsed.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(ended).isInstanceOfSatisfying(Notification.ContractTerminated.class, t -> {
            assertThat(t.contract().state()).isEqualTo(ContractState.TERMINATED);
            assertThat(t.contract().terminationMode()).isPresent().get().isNotEqualTo(TerminationMode.UNKNOWN);
            assertThat(t.contract().terminationRemark()).contains("用户已结清");
            assertThat(t.id()).isNotEqualTo(signed.id());
        });
    }

    /** Schedules a record on a seeded contract, then orders its deduction with {@code notifyUrl}. */
    private void deduct(String outRecordId, String outTradeNo, String notifyUrl) {
        Contract contract = sandbox.contracts().get(0);
        client.creditRepayment().scheduleRecords().create(Sandboxed.item(contract, outRecordId)).block(TIMEOUT);
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("out_trade_no", outTradeNo);
        order.put("contract_id", contract.contractId());
        order.put("out_record_id", outRecordId);
        order.put("deduct_amount", "8000");
        order.put("notify_url", notifyUrl);
        order.put("description", "信贷还款");
        assertThat(client.chain("v3/credit-repayment/partner/deduct-orders").post(order).block(TIMEOUT).status())
                .isEqualTo(200);
    }

    /** Polls every 20 ms, for at most 20 s, until {@code value} reaches {@code target}. */
    private static void awaitAtLeast(long target, LongSupplier value) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (value.getAsLong() < target && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(value.getAsLong()).as("value after waiting").isGreaterThanOrEqualTo(target);
    }
}
