package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static wechatpay.reactor.sandbox.SandboxFixtures.DEDUCT;
import static wechatpay.reactor.sandbox.SandboxFixtures.IDENTITY;
import static wechatpay.reactor.sandbox.SandboxFixtures.PARTNER;
import static wechatpay.reactor.sandbox.SandboxFixtures.SCHEDULE;
import static wechatpay.reactor.sandbox.SandboxFixtures.deduct;
import static wechatpay.reactor.sandbox.SandboxFixtures.schedule;
import static wechatpay.reactor.sandbox.SandboxFixtures.text;

import com.wechat.pay.java.core.RSAPublicKeyConfig;
import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.core.exception.ValidationException;
import com.wechat.pay.java.core.http.DefaultHttpClientBuilder;
import com.wechat.pay.java.core.http.HttpClient;
import com.wechat.pay.java.core.http.HttpHeaders;
import com.wechat.pay.java.core.http.HttpMethod;
import com.wechat.pay.java.core.http.HttpRequest;
import com.wechat.pay.java.core.http.HttpResponse;
import com.wechat.pay.java.core.http.JsonRequestBody;
import com.wechat.pay.java.core.notification.NotificationParser;
import com.wechat.pay.java.core.notification.RSAPublicKeyNotificationConfig;
import com.wechat.pay.java.core.notification.RequestParam;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import wechatpay.reactor.internal.Certificates;

/** The official wechatpay-java SDK (0.2.17) against the sandbox: its client, its validator, its notification parser. */
class OfficialSdkSandboxTest {
    private static final String PAID = "DEDUCT_ORDER_STATE_PAY_SUCCESS";

    private WechatPaySandbox sandbox;
    private DisposableServer capture;

    @AfterEach
    void stop() {
        if (capture != null) {
            capture.disposeNow(Duration.ofSeconds(5));
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** The SDK's own HTTP client, configured for public-key mode with the sandbox identity (or another merchant key). */
    private static HttpClient sdk(PrivateKey merchantKey) {
        RSAPublicKeyConfig config = new RSAPublicKeyConfig.Builder()
                .merchantId(IDENTITY.mchid())
                .privateKey(merchantKey)
                .merchantSerialNumber(IDENTITY.merchantSerial())
                .publicKey(IDENTITY.wechatPayKeys().getPublic())
                .publicKeyId(IDENTITY.publicKeyId())
                .apiV3Key(IDENTITY.apiV3KeyText())
                .build();
        return new DefaultHttpClientBuilder().config(config).build();
    }

    /** A request as the SDK's generated services build it: Accept (and Content-Type with a body) set by the caller. */
    private HttpRequest request(HttpMethod method, String pathAndQuery, String jsonBody) {
        HttpHeaders headers = new HttpHeaders();
        headers.addHeader("Accept", "application/json");
        HttpRequest.Builder b = new HttpRequest.Builder().httpMethod(method).url(sandbox.baseUrl() + pathAndQuery);
        if (jsonBody != null) {
            headers.addHeader("Content-Type", "application/json");
            b.body(new JsonRequestBody.Builder().body(jsonBody).build());
        }
        return b.headers(headers).build();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Map<String, Object> execute(HttpClient http, HttpRequest request) {
        HttpResponse<Map> response = http.execute(request, Map.class);
        return response.getServiceResponse();
    }

    // Proves the SDK signs requests the sandbox accepts, and accepts (validates inside execute) the sandbox's signed answers.
    @Test
    void officialClientSchedulesAndQueriesThroughTheSandbox() {
        sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
        Contract contract = sandbox.contracts().get(0);
        HttpClient http = sdk(IDENTITY.merchantKeys().getPrivate());

        Map<String, Object> created = execute(http, request(HttpMethod.POST, SCHEDULE,
                text(schedule(contract, "SDK0001", 12_300))));
        @SuppressWarnings("unchecked")
        Map<String, Object> record = ((List<Map<String, Object>>) created.get("schedule_records")).get(0);
        assertThat(record).containsEntry("out_record_id", "SDK0001").containsEntry("repayment_amount", "12300")
                .containsEntry("min_repayment_amount", "2460").containsEntry("contract_id", contract.contractId())
                .containsEntry("openid", contract.openid());
        assertThat(sandbox.created("SDK0001")).isEqualTo(1);

        Map<String, Object> queried = execute(http, request(HttpMethod.GET,
                PARTNER + "/schedule-records/SDK0001?contract_id=" + contract.contractId(), null));
        assertThat(queried).isEqualTo(record);
    }

    // Proves the SDK's validator runs inside execute: a 200 signed with a foreign key is refused with ValidationException.
    @Test
    void officialValidatorRefusesAForgedAnswer() throws InterruptedException {
        sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
        HttpClient http = sdk(IDENTITY.merchantKeys().getPrivate());
        sandbox.enqueue(Fault.FORGE);
        assertThatThrownBy(() -> execute(http, request(HttpMethod.POST, SCHEDULE,
                text(schedule(sandbox.contracts().get(0), "SDK0002", 10_000)))))
                .isExactlyInstanceOf(ValidationException.class)
                .hasMessageContaining("signature is incorrect");
        assertThat(sandbox.created("SDK0002")).isEqualTo(1);     // FORGE acts, then spoils the answer's signature
        awaitAtLeast(1, () -> sandbox.stats().recentRequests().size());
        assertThat(sandbox.stats().recentRequests()).singleElement()
                .satisfies(r -> assertThat(r.fault()).isEqualTo("FORGE"));
    }

    // Proves the SDK refuses the other spoiled signatures too, though not always as ValidationException (see asserts).
    @Test
    void officialValidatorRefusesStaleProbeAndUnknownSerialAnswers() throws InterruptedException {
        sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
        HttpClient http = sdk(IDENTITY.merchantKeys().getPrivate());
        Contract contract = sandbox.contracts().get(0);
        Map<Fault, Class<? extends RuntimeException>> expected = Map.of(
                Fault.STALE, IllegalArgumentException.class,          // "timestamp[..] of httpResponse is expires"
                Fault.PROBE, IllegalArgumentException.class,          // Base64 decoding of WECHATPAY/SIGNTEST/...
                Fault.UNKNOWN_SERIAL, ValidationException.class);
        expected.forEach((fault, type) -> {
            sandbox.enqueue(fault);
            assertThatThrownBy(() -> execute(http, request(HttpMethod.POST, SCHEDULE,
                    text(schedule(contract, "SDK" + fault.ordinal(), 10_000)))))
                    .as(fault.name()).isExactlyInstanceOf(type);
        });
        awaitAtLeast(3, () -> sandbox.stats().count(200));
        assertThat(sandbox.stats().count(200)).isEqualTo(3);
    }

    // Proves OkHttp inside the SDK silently replays a signed request (same nonce) whose pooled connection was reset
    // after the sandbox acted, and that the sandbox's out_record_id idempotency turns the replay into the stored record.
    @Test
    void officialClientReplaysARequestResetOnAPooledConnection() throws InterruptedException {
        sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
        HttpClient http = sdk(IDENTITY.merchantKeys().getPrivate());
        Contract contract = sandbox.contracts().get(0);
        execute(http, request(HttpMethod.POST, SCHEDULE, text(schedule(contract, "SDK0010", 10_000))));
        sandbox.enqueue(Fault.RESET_AFTER);
        Map<String, Object> answer = execute(http, request(HttpMethod.POST, SCHEDULE,
                text(schedule(contract, "SDK0011", 10_000))));
        assertThat(answer.get("schedule_records").toString()).contains("SDK0011");
        assertThat(sandbox.created("SDK0011")).isEqualTo(1);
        assertThat(sandbox.accepted("SDK0011")).isEqualTo(2);
        awaitAtLeast(3, () -> sandbox.stats().recentRequests().size());
        List<SandboxStats.RecordedRequest> seen = sandbox.stats().recentRequests();
        SandboxStats.RecordedRequest reset = seen.stream().filter(r -> "RESET_AFTER".equals(r.fault())).findFirst()
                .orElseThrow();
        assertThat(seen).hasSize(3).filteredOn(r -> r.nonce().equals(reset.nonce())).hasSize(2)
                .extracting(SandboxStats.RecordedRequest::status).containsExactlyInAnyOrder(SandboxStats.RESET, 200);
    }

    // Proves the sandbox refuses a request the SDK signed with a key other than the merchant's: 401 SIGN_ERROR, nothing created.
    @Test
    void aRequestSignedWithTheWrongMerchantKeyIsSignError() {
        sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
        HttpClient wrong = sdk(Certificates.rsaKeyPair(2048).getPrivate());
        assertThatThrownBy(() -> execute(wrong, request(HttpMethod.POST, SCHEDULE,
                text(schedule(sandbox.contracts().get(0), "SDK0003", 10_000)))))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(401);
                    assertThat(e.getErrorCode()).isEqualTo("SIGN_ERROR");
                    assertThat(e.getResponseBody()).contains("sign_information");
                });
        assertThat(sandbox.created("SDK0003")).isZero();
    }

    /** One callback as the capture server received it. */
    private record Captured(Map<String, String> headers, byte[] body) {
    }

    /** A notify-URL server on loopback: records every POST and answers with {@code status} (called per request). */
    private String captureServer(BlockingQueue<Captured> into, IntSupplier status) {
        capture = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                        .flatMap(body -> {
                            Map<String, String> headers = new TreeMap<>();
                            req.requestHeaders().forEach(e -> headers.put(e.getKey(), e.getValue()));
                            into.add(new Captured(headers, body));
                            return Mono.from(res.status(status.getAsInt()).send());
                        }))
                .bindNow(Duration.ofSeconds(10));
        return "http://127.0.0.1:" + capture.port() + "/notify/credit-repayment";
    }

    /** Schedules a record and orders its deduction with {@code notifyUrl}, signed by this library's caller. */
    private void scheduleAndDeduct(String outRecordId, String outTradeNo, String notifyUrl) {
        Contract contract = sandbox.contracts().get(1);
        try (SandboxCaller caller = new SandboxCaller(sandbox)) {
            assertThat(caller.post(SCHEDULE, text(schedule(contract, outRecordId, 10_000))).status()).isEqualTo(200);
            SandboxCaller.Answer a = caller.post(DEDUCT, text(deduct(contract, outTradeNo, outRecordId, 8_000, notifyUrl)));
            assertThat(a.status()).as(a.text()).isEqualTo(200);
        }
    }

    // Proves a sandbox callback, as received over HTTP, passes the SDK's NotificationParser (signature, then AES-GCM decryption).
    @Test
    void officialNotificationParserAcceptsTheSandboxCallback() throws InterruptedException {
        sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
        BlockingQueue<Captured> received = new LinkedBlockingQueue<>();
        scheduleAndDeduct("SDK0004", "SDK_TRADE-0004", captureServer(received, () -> 204));
        Captured callback = received.poll(10, TimeUnit.SECONDS);
        assertThat(callback).as("no callback within 10 s").isNotNull();
        String body = new String(callback.body(), StandardCharsets.UTF_8);

        assertThat(callback.headers()).containsEntry("Content-Type", "application/json")
                .containsEntry("Wechatpay-Serial", IDENTITY.publicKeyId());
        RequestParam param = new RequestParam.Builder()
                .serialNumber(callback.headers().get("Wechatpay-Serial"))
                .nonce(callback.headers().get("Wechatpay-Nonce"))
                .signature(callback.headers().get("Wechatpay-Signature"))
                .timestamp(callback.headers().get("Wechatpay-Timestamp"))
                .signType(callback.headers().get("Wechatpay-Signature-Type"))
                .body(body)
                .build();
        NotificationParser parser = new NotificationParser(new RSAPublicKeyNotificationConfig.Builder()
                .publicKey(IDENTITY.wechatPayKeys().getPublic())
                .publicKeyId(IDENTITY.publicKeyId())
                .apiV3Key(IDENTITY.apiV3KeyText())
                .build());
        @SuppressWarnings("unchecked")
        Map<String, Object> order = parser.parse(param, Map.class);

        assertThat(SandboxCaller.JSON.readTree(body).get("event_type").stringValue())
                .isEqualTo("CREDIT_REPAYMENT.DEDUCTION_PAY");
        assertThat(order).containsEntry("out_trade_no", "SDK_TRADE-0004").containsEntry("out_record_id", "SDK0004")
                .containsEntry("order_state", PAID).containsEntry("deduct_amount", "8000")
                .containsEntry("pay_success_amount", "8000");
        assertThat((String) order.get("transaction_id")).startsWith("4200");

        // The same callback with one byte of the body changed must fail the SDK's signature check.
        RequestParam tampered = new RequestParam.Builder().serialNumber(param.getSerialNumber())
                .nonce(callback.headers().get("Wechatpay-Nonce")).signature(param.getSignature())
                .timestamp(callback.headers().get("Wechatpay-Timestamp")).signType(param.getSignType())
                .body(body.replace("DEDUCTION_PAY", "DEDUCTION_PAX")).build();
        assertThatThrownBy(() -> parser.parse(tampered, Map.class)).isInstanceOf(ValidationException.class);
    }

    // Proves the sandbox retries a callback answered 500 and stops once it gets a 2xx: 3 attempts, 1 delivery.
    @Test
    void aCallbackAnswered500TwiceIsRetriedUntilDelivered() throws InterruptedException {
        sandbox = WechatPaySandbox.builder().identity(IDENTITY).callbacks(3, Duration.ofMillis(50)).start();
        AtomicInteger posts = new AtomicInteger();
        BlockingQueue<Captured> received = new LinkedBlockingQueue<>();
        scheduleAndDeduct("SDK0005", "SDK0005T", captureServer(received,
                () -> posts.incrementAndGet() <= 2 ? 500 : 204));

        awaitAtLeast(1, () -> sandbox.stats().callbacksDelivered() + sandbox.stats().callbacksFailed());
        assertThat(sandbox.stats().callbacksDelivered()).isEqualTo(1);
        assertThat(sandbox.stats().callbacksFailed()).isZero();
        assertThat(sandbox.stats().callbackAttempts()).isEqualTo(3);
        assertThat(posts.get()).isEqualTo(3);
        assertThat(received).extracting(c -> new String(c.body(), StandardCharsets.UTF_8)).hasSize(3)
                .allSatisfy(b -> assertThat(b).isEqualTo(new String(received.peek().body(), StandardCharsets.UTF_8)));
    }

    /** Polls every 20 ms, for at most 10 s, until {@code value} reaches {@code target}. */
    private static void awaitAtLeast(long target, LongSupplier value) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (value.getAsLong() < target && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(value.getAsLong()).as("value after waiting up to 10 s").isGreaterThanOrEqualTo(target);
    }
}
