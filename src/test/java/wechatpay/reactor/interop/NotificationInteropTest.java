package wechatpay.reactor.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static wechatpay.reactor.integration.Sandboxed.IDENTITY;

import com.wechat.pay.java.core.cipher.AeadAesCipher;
import com.wechat.pay.java.core.cipher.RSASigner;
import com.wechat.pay.java.core.exception.ValidationException;
import com.wechat.pay.java.core.notification.RSANotificationConfig;
import com.wechat.pay.java.core.notification.RSAPublicKeyNotificationConfig;
import com.wechat.pay.java.core.notification.RequestParam;
import com.wechat.pay.java.core.notification.Resource;
import com.wechat.pay.java.core.util.GsonUtil;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;
import wechatpay.reactor.CertificateInfo;
import wechatpay.reactor.VerificationKeys;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.integration.Sandboxed;
import wechatpay.reactor.internal.AesGcm;
import wechatpay.reactor.internal.Certificates;
import wechatpay.reactor.internal.Rsa;
import wechatpay.reactor.internal.SigningMessage;
import wechatpay.reactor.notification.Notification;
import wechatpay.reactor.notification.NotificationException;
import wechatpay.reactor.notification.NotificationParser;
import wechatpay.reactor.notification.NotificationReply;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/**
 * Callbacks interoperate with the official WeChat Pay Java SDK (wechatpay-java 0.2.17) both ways: its
 * NotificationParser reads what the sandbox sends, and ours reads what its own classes seal and sign.
 * (RSA-OAEP both ways is {@link OfficialSdkInteropTest#oaepInteroperatesWithOfficialPrivacyCipher}.)
 */
class NotificationInteropTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String PAY = Notification.DeductionPaid.EVENT_TYPE;
    private static final String RESOURCE = "{\"out_trade_no\":\"SDK-T-0001\",\"out_record_id\":\"SDKR0001\","
            + "\"appid\":\"wxd678efh567hg6787\",\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\","
            + "\"contract_id\":\"2026000000000000000000001\",\"order_state\":\"DEDUCT_ORDER_STATE_PAY_SUCCESS\","
            + "\"deduct_amount\":\"8000\",\"pay_success_amount\":\"8000\",\"description\":\"信贷还款\","
            + "\"attach\":\"a=b&c<d>\",\"transaction_id\":\"4200000000000000000000000009\",\"sub_mchid\":\"1900000110\"}";

    /** A callback as the notify URL received it. */
    private record Received(Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name);
        }

        RequestParam official(String body) {
            return new RequestParam.Builder().serialNumber(header("Wechatpay-Serial"))
                    .nonce(header("Wechatpay-Nonce")).signature(header("Wechatpay-Signature"))
                    .timestamp(header("Wechatpay-Timestamp")).signType(header("Wechatpay-Signature-Type"))
                    .body(body).build();
        }
    }

    // The sandbox's callback (CallbackSender's envelope, over HTTP) passes the official NotificationParser and
    // ours, and both read the same order; one changed body byte fails both.
    @Test
    void sandboxCallbackPassesTheOfficialParserAndOurs() throws InterruptedException {
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).callbacks(1, Duration.ofMillis(10))
                .start(); WechatPayClient client = Sandboxed.client(sandbox).build()) {
            DisposableServer server = capture(received);
            try {
                deduct(client, sandbox.contracts().get(0), "http://127.0.0.1:" + server.port() + "/notify");
                Received callback = received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertThat(callback).as("a callback within the timeout").isNotNull();
                assertBothRead(callback, NotificationParser.forClient(client, IDENTITY.apiV3Key()));
            } finally {
                server.disposeNow(Duration.ofSeconds(5));
            }
        }
    }

    private static void assertBothRead(Received callback, NotificationParser ours) {
        String body = new String(callback.body(), UTF_8);
        @SuppressWarnings("unchecked")
        Map<String, Object> theirs = officialPublicKeyParser().parse(callback.official(body), Map.class);
        StepVerifier.create(ours.parse(callback::header, callback.body()))
                .assertNext(n -> assertThat(n).isInstanceOfSatisfying(Notification.DeductionPaid.class, paid -> {
                    assertThat(paid.order().outTradeNo()).isEqualTo(theirs.get("out_trade_no")).isEqualTo("SDK-T-0002");
                    assertThat(paid.order().outRecordId()).isEqualTo(theirs.get("out_record_id"));
                    assertThat(paid.order().transactionId()).contains((String) theirs.get("transaction_id"));
                    assertThat(Long.toString(paid.order().deductAmount())).isEqualTo(theirs.get("deduct_amount"));
                }))
                .expectComplete().verify(TIMEOUT);

        String altered = body.replace("DEDUCTION_PAY", "DEDUCTION_PAX");
        assertThatThrownBy(() -> officialPublicKeyParser().parse(callback.official(altered), Map.class))
                .isInstanceOf(ValidationException.class);
        StepVerifier.create(ours.parse(callback::header, altered.getBytes(UTF_8)))
                .expectErrorSatisfies(e -> assertThat(((NotificationException) e).reason())
                        .isEqualTo(NotificationException.Reason.BAD_SIGNATURE))
                .verify(TIMEOUT);
    }

    // A callback sealed by the official AeadAesCipher, enveloped by the official Notification model (written by its
    // Gson), signed by the official RSASigner with the WeChat Pay public key id: ours reads it.
    @Test
    void ourParserAcceptsACallbackMadeByTheOfficialSdk() {
        Instant now = Instant.now();
        String body = officialEnvelope("EV-SDK-0001", "d215b0511e9c", "credit_repayment");
        Map<String, String> headers = officialSignature(IDENTITY.publicKeyId(), IDENTITY.wechatPayKeys(), now, body);
        NotificationParser ours = NotificationParser.builder()
                .keys(VerificationKeys.ofPublicKey(IDENTITY.publicKeyId(), IDENTITY.wechatPayKeys().getPublic()))
                .apiV3Key(IDENTITY.apiV3Key()).build();
        StepVerifier.create(ours.parse(headers::get, body.getBytes(UTF_8)))
                .assertNext(n -> assertThat(n).isInstanceOfSatisfying(Notification.DeductionPaid.class, paid -> {
                    assertThat(paid.id()).isEqualTo("EV-SDK-0001");
                    assertThat(paid.subMchid()).contains("1900000110");
                    assertThat(paid.order().attach()).contains("a=b&c<d>");
                    assertThat(paid.order().description()).isEqualTo("信贷还款");
                }))
                .expectComplete().verify(TIMEOUT);
    }

    // Platform-certificate mode, both ways: the official signer with the certificate serial passes ours, and
    // our seal and signature pass the official RSANotificationConfig built from the certificate.
    @Test
    void certificateModeBothWays() {
        Instant now = Instant.now();
        KeyPair platform = Certificates.rsaKeyPair(2048);
        X509Certificate cert = Certificates.selfSigned(platform, "Tenpay.com Root CA",
                new BigInteger("5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC", 16),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
        String serial = CertificateInfo.of(cert).serial();
        NotificationParser ours = NotificationParser.builder()
                .keys(VerificationKeys.builder().certificate(CertificateInfo.of(cert)).build())
                .apiV3Key(IDENTITY.apiV3Key()).build();

        String official = officialEnvelope("EV-SDK-0002", "a1b2c3d4e5f6", "");
        Map<String, String> headers = officialSignature(serial, platform, now, official);
        StepVerifier.create(ours.parse(headers::get, official.getBytes(UTF_8)))
                .assertNext(n -> assertThat(n.id()).isEqualTo("EV-SDK-0002")).expectComplete().verify(TIMEOUT);

        String nonce = "0fa1b2c3d4e5";
        String ourBody = "{\"id\":\"EV-OURS-0003\",\"create_time\":\"2026-03-01T10:00:00+08:00\","
                + "\"resource_type\":\"encrypt-resource\",\"event_type\":\"" + PAY + "\",\"summary\":\"还款成功\","
                + "\"resource\":{\"original_type\":\"credit_repayment\",\"algorithm\":\"AEAD_AES_256_GCM\","
                + "\"ciphertext\":\"" + AesGcm.encrypt(IDENTITY.apiV3KeyText().getBytes(UTF_8), nonce,
                        "credit_repayment", RESOURCE.getBytes(UTF_8))
                + "\",\"associated_data\":\"credit_repayment\",\"nonce\":\"" + nonce + "\"}}";
        String ts = Long.toString(now.getEpochSecond());
        String signature = Base64.getEncoder().encodeToString(Rsa.sign(platform.getPrivate(), null,
                SigningMessage.answer(ts, "N0NCE", ourBody.getBytes(UTF_8))));
        RequestParam param = new RequestParam.Builder().serialNumber(serial).nonce("N0NCE").signature(signature)
                .timestamp(ts).signType("WECHATPAY2-SHA256-RSA2048").body(ourBody).build();
        com.wechat.pay.java.core.notification.NotificationParser theirs =
                new com.wechat.pay.java.core.notification.NotificationParser(new RSANotificationConfig.Builder()
                        .certificates(cert).apiV3Key(IDENTITY.apiV3KeyText()).build());
        @SuppressWarnings("unchecked")
        Map<String, Object> order = theirs.parse(param, Map.class);
        assertThat(order).containsEntry("out_trade_no", "SDK-T-0001").containsEntry("attach", "a=b&c<d>");
    }

    /** The envelope as the official SDK's own model serialises it, the resource sealed by its AeadAesCipher. */
    private static String officialEnvelope(String id, String nonce, String associatedData) {
        Resource resource = new Resource();
        resource.setOriginalType("credit_repayment");
        resource.setAlgorithm("AEAD_AES_256_GCM");
        resource.setAssociatedData(associatedData);
        resource.setNonce(nonce);
        resource.setCiphertext(new AeadAesCipher(IDENTITY.apiV3KeyText().getBytes(UTF_8))
                .encrypt(associatedData.getBytes(UTF_8), nonce.getBytes(UTF_8), RESOURCE.getBytes(UTF_8)));
        com.wechat.pay.java.core.notification.Notification event = new com.wechat.pay.java.core.notification.Notification();
        event.setId(id);
        event.setCreateTime("2026-03-01T10:00:00+08:00");
        event.setEventType(PAY);
        event.setResourceType("encrypt-resource");
        event.setSummary("还款成功");
        event.setResource(resource);
        return GsonUtil.toJson(event);
    }

    /** The Wechatpay-* headers of {@code body}, signed by the official RSASigner over the literal message. */
    private static Map<String, String> officialSignature(String serial, KeyPair key, Instant at, String body) {
        String ts = Long.toString(at.getEpochSecond());
        String nonce = "fdasflkja484w3ouf9eiaf73ljkfdsaf";
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Wechatpay-Timestamp", ts);
        headers.put("Wechatpay-Nonce", nonce);
        headers.put("Wechatpay-Signature", new RSASigner(serial, key.getPrivate())
                .sign(ts + "\n" + nonce + "\n" + body + "\n").getSign());
        headers.put("Wechatpay-Serial", serial);
        return headers;
    }

    private static com.wechat.pay.java.core.notification.NotificationParser officialPublicKeyParser() {
        return new com.wechat.pay.java.core.notification.NotificationParser(new RSAPublicKeyNotificationConfig.Builder()
                .publicKey(IDENTITY.wechatPayKeys().getPublic()).publicKeyId(IDENTITY.publicKeyId())
                .apiV3Key(IDENTITY.apiV3KeyText()).build());
    }

    /** A notify URL that records each callback exactly as received and answers {@link NotificationReply#success()}. */
    private static DisposableServer capture(BlockingQueue<Received> into) {
        return HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                        .flatMap(body -> {
                            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                            req.requestHeaders().forEach(e -> headers.put(e.getKey(), e.getValue()));
                            into.add(new Received(headers, body));
                            return Mono.from(res.status(NotificationReply.success().status()).send());
                        }))
                .bindNow(Duration.ofSeconds(10));
    }

    private static void deduct(WechatPayClient client, Contract contract, String notifyUrl) {
        client.creditRepayment().scheduleRecords().create(Sandboxed.item(contract, "SDKR0002")).block(TIMEOUT);
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("out_trade_no", "SDK-T-0002");
        order.put("contract_id", contract.contractId());
        order.put("out_record_id", "SDKR0002");
        order.put("deduct_amount", "8000");
        order.put("notify_url", notifyUrl);
        order.put("description", "信贷还款");
        client.chain("v3/credit-repayment/partner/deduct-orders").post(order).block(TIMEOUT);
    }
}
