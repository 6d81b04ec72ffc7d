package wechatpay.reactor.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import wechatpay.reactor.ApiV3Key;
import wechatpay.reactor.PrivateKeys;
import wechatpay.reactor.PublicKeys;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.Contract;
import wechatpay.reactor.creditrepayment.ContractState;
import wechatpay.reactor.creditrepayment.DeductOrder;
import wechatpay.reactor.creditrepayment.DeductOrderRecord;
import wechatpay.reactor.creditrepayment.DeductOrderState;
import wechatpay.reactor.creditrepayment.Presign;
import wechatpay.reactor.creditrepayment.RealIdentity;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.creditrepayment.ScheduleRecord;
import wechatpay.reactor.notification.Notification;
import wechatpay.reactor.notification.NotificationParser;
import wechatpay.reactor.notification.NotificationReply;

/**
 * The whole lifecycle over HTTP against the standalone sandbox process, as a merchant's app lives it: presign →
 * the user signs → SIGN_CONTRACT at the app's callback server (verified and decrypted by our parser) → schedule →
 * deduct → the deduction succeeds → DEDUCTION_PAY → the order queried as paid. Each callback is parsed once.
 */
class LifecycleEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The merchant's callback endpoint: every delivery parsed by our parser and answered as WeChat Pay expects. */
    static final class CallbackServer implements AutoCloseable {
        final BlockingQueue<Notification> events = new LinkedBlockingQueue<>();
        final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        final AtomicInteger refused = new AtomicInteger();
        private final DisposableServer server;

        CallbackServer(NotificationParser parser) {
            server = HttpServer.create().host("127.0.0.1").port(0)
                    .handle((req, res) -> req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                            .flatMap(body -> parser.parse(req.requestHeaders()::get, body))
                            .doOnNext(event -> {
                                deliveries.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
                                events.add(event);
                            })
                            .map(event -> NotificationReply.success())
                            .onErrorResume(e -> {
                                refused.incrementAndGet();
                                return Mono.just(NotificationReply.of(e));
                            })
                            .flatMap(reply -> res.status(reply.status()).sendByteArray(Mono.just(reply.body())).then()))
                    .bindNow(Duration.ofSeconds(10));
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.port() + path;
        }

        <T extends Notification> T next(Class<T> type) throws InterruptedException {
            Notification event = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(event).as("a " + type.getSimpleName() + " callback").isInstanceOf(type);
            return type.cast(event);
        }

        @Override
        public void close() {
            server.disposeNow(Duration.ofSeconds(5));
        }
    }

    private static WechatPayClient client(SandboxProcess sandbox) {
        return WechatPayClient.builder()
                .merchant(sandbox.state("mchid"), sandbox.state("merchant_serial"),
                        PrivateKeys.fromPem(Path.of(sandbox.state("merchant_private_key_file"))))
                .wechatPayPublicKey(sandbox.state("wechatpay_public_key_id"),
                        PublicKeys.fromPem(Path.of(sandbox.state("wechatpay_public_key_file"))))
                .baseUrl(sandbox.state("base_url"))
                .build();
    }

    /** A sandbox control call (the user's side), not a WeChat Pay API. */
    private static int control(SandboxProcess sandbox, String path, String body) throws Exception {
        HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        sandbox.state("base_url") + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return res.statusCode();
    }

    @Test
    void presignSignScheduleDeductAndBePaidWithEveryCallbackVerifiedOnce(@TempDir Path dir) throws Exception {
        try (SandboxProcess sandbox = new SandboxProcess(dir, "--deductions", "on-request");
                WechatPayClient client = client(sandbox);
                CallbackServer app = new CallbackServer(NotificationParser.forClient(client,
                        ApiV3Key.of(sandbox.state("apiv3_key"))))) {
            client.creditRepayment().contracts().appPresign(Presign.builder().appid("wxd678efh567hg6787")
                    .planId("CONSUMER_LOAN_PLAN").outContractCode("E2E1").displayName("***S").subMchid("1900000109")
                    .contractNotifyUrl(app.url("/contracts")).repaymentAmountLimit(5_000_000)
                    .realIdentity(RealIdentity.idCard("110101199003070000", "张三")).build()).block(WAIT);
            assertThat(control(sandbox, "/sandbox/contracts/E2E1/sign", "")).isEqualTo(200);

            Notification.ContractSigned signed = app.next(Notification.ContractSigned.class);
            Contract contract = signed.contract();
            assertThat(contract.outContractCode()).isEqualTo("E2E1");
            assertThat(contract.state()).isEqualTo(ContractState.EFFECTIVE);
            String contractId = contract.contractId().orElseThrow();

            ScheduleRecord record = client.creditRepayment().scheduleRecords().create(ScheduleItem.builder()
                    .contractId(contractId).appid(contract.appid().orElseThrow()).openid(contract.openid().orElseThrow())
                    .outRecordId("E2ER1").subMchid("1900000109").repaymentAmount(10_000).minRepaymentAmount(2_000)
                    .repaymentDate(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(3)).build()).block(WAIT);
            assertThat(record.outRecordId()).isEqualTo("E2ER1");

            DeductOrderRecord started = client.creditRepayment().deductOrders().create(DeductOrder.builder()
                    .contractId(contractId).outTradeNo("E2ET1").outRecordId("E2ER1").deductAmount(10_000)
                    .notifyUrl(app.url("/deductions")).description("信贷还款").build()).block(WAIT);
            assertThat(started.state()).isEqualTo(DeductOrderState.PENDING);
            assertThat(control(sandbox, "/sandbox/deduct-orders/E2ET1/settle", "{\"result\":\"PAY_SUCCESS\"}"))
                    .isEqualTo(200);

            Notification.DeductionPaid paid = app.next(Notification.DeductionPaid.class);
            assertThat(paid.order().outTradeNo()).isEqualTo("E2ET1");
            assertThat(paid.order().state()).isEqualTo(DeductOrderState.PAY_SUCCESS);
            assertThat(paid.order().paySuccessAmount()).hasValue(10_000);
            DeductOrderRecord queried = client.creditRepayment().deductOrders().get("E2ET1").block(WAIT);
            assertThat(queried.state()).isEqualTo(DeductOrderState.PAY_SUCCESS);
            assertThat(queried.transactionId()).isEqualTo(paid.order().transactionId()).isNotEmpty();

            Thread.sleep(500);   // a redelivery, were there one, would arrive now
            assertThat(app.deliveries).hasSize(2).allSatisfy((id, n) -> assertThat(n.get()).as(id).isEqualTo(1));
            assertThat(app.refused).hasValue(0);
            assertThat(List.of(signed.id(), paid.id())).doesNotHaveDuplicates();
            assertThat(sandbox.stop()).isIn(0, 143);
            assertThat(sandbox.log()).doesNotContain("110101199003070000").doesNotContain("张三");
        }
    }
}
