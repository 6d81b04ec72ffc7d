package wechatpay.reactor.benchmarks;

import com.wechat.pay.java.core.RSAPublicKeyConfig;
import com.wechat.pay.java.core.cipher.RSAVerifier;
import com.wechat.pay.java.core.cipher.Signer;
import com.wechat.pay.java.core.cipher.Verifier;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.lang.management.ThreadMXBean;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import wechatpay.reactor.VerificationKeys;
import wechatpay.reactor.internal.Certificates;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.Nonces;
import wechatpay.reactor.internal.AnswerVerifier;
import wechatpay.reactor.internal.Rsa;
import wechatpay.reactor.internal.RsaRequestSigner;
import wechatpay.reactor.internal.SigningMessage;

/**
 * The CPU cost of the two RSA operations every call needs, measured in the load harness's own JVM just before
 * its timed window (so the same machine state, JIT and JDK): {@code RsaRequestSigner.signNow} with the sandbox's
 * merchant key over the signing message of a batch-create request, and {@code AnswerVerifier.verify} of a
 * signed schedule-records answer. The answer is signed with a fresh RSA-2048 key (the state file has only the
 * sandbox's public key; any 2048-bit key with exponent 65537 costs the same to verify). Our client's default
 * provider for both (native when the Amazon Corretto Crypto Provider is present and not switched off with
 * {@code -Dwechatpay.reactor.rsa=jdk}). For the official SDK ({@link #official}) its own {@code Signer} from its
 * configuration and its {@code RSAVerifier} over a key made by its way of reading keys ({@code KeyFactory} of
 * the top provider), so each client's figure is what its own calls pay. CPU time of the measuring thread, after
 * a warm-up of a tenth of the iterations.
 */
record SignVerifyCost(double signMicros, double verifyMicros) {
    private static volatile int sink;

    /** The official SDK's signer and verifier, with the keys and providers its calls use in this JVM. */
    static SignVerifyCost official(RSAPublicKeyConfig config, LoadItems items, int iterations) {
        String message = new String(SigningMessage.request("POST", LoadItems.PATH, Instant.now().getEpochSecond(),
                Nonces.random(), items.bodyBytes("C", 0)), StandardCharsets.UTF_8);
        Signer signer = config.createSigner();
        KeyPair wechatPay = Certificates.rsaKeyPair(2048);
        PublicKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(wechatPay.getPublic().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("calibration: cannot read the answer key", e);
        }
        Verifier verifier = new RSAVerifier(key, Fixtures.PUBLIC_KEY_ID);
        String answer = new String(SigningMessage.answer("1", "n", Fixtures.RESPONSE_BODY), StandardCharsets.UTF_8);
        String signature = Base64.getEncoder().encodeToString(Rsa.sign(wechatPay.getPrivate(), null,
                answer.getBytes(StandardCharsets.UTF_8)));
        Runnable sign = () -> sink += signer.sign(message).getSign().length();
        Runnable verify = () -> {
            if (!verifier.verify(Fixtures.PUBLIC_KEY_ID, answer, signature)) {
                throw new IllegalStateException("calibration: the official verifier rejects a valid signature");
            }
        };
        return timed(sign, verify, iterations);
    }

    private static SignVerifyCost timed(Runnable sign, Runnable verify, int iterations) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int warm = Math.max(1, iterations / 10);
        repeat(sign, warm);
        repeat(verify, warm);
        long c0 = threads.getCurrentThreadCpuTime();
        repeat(sign, iterations);
        long c1 = threads.getCurrentThreadCpuTime();
        repeat(verify, iterations);
        long c2 = threads.getCurrentThreadCpuTime();
        return new SignVerifyCost((c1 - c0) / 1e3 / iterations, (c2 - c1) / 1e3 / iterations);
    }

    private static void repeat(Runnable r, int n) {
        for (int i = 0; i < n; i++) {
            r.run();
        }
    }

    static SignVerifyCost measure(LoadItems items, int iterations) {
        long ts = Instant.now().getEpochSecond();
        RsaRequestSigner signer = new RsaRequestSigner(items.merchantSerial(), items.merchantKey(), null);
        byte[] request = SigningMessage.request("POST", LoadItems.PATH, ts, Nonces.random(), items.bodyBytes("C", 0));

        KeyPair wechatPay = Certificates.rsaKeyPair(2048);
        byte[] answer = Fixtures.RESPONSE_BODY.clone();
        String timestamp = Long.toString(ts);
        String nonce = Nonces.random();
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put(Headers.WECHATPAY_TIMESTAMP, timestamp);
        headers.put(Headers.WECHATPAY_NONCE, nonce);
        headers.put(Headers.WECHATPAY_SIGNATURE, Base64.getEncoder().encodeToString(
                Rsa.sign(wechatPay.getPrivate(), null, SigningMessage.answer(timestamp, nonce, answer))));
        headers.put(Headers.WECHATPAY_SERIAL, Fixtures.PUBLIC_KEY_ID);
        headers.put(Headers.WECHATPAY_SIGNATURE_TYPE, Headers.SIGNATURE_TYPE);
        Function<String, String> header = headers::get;
        AnswerVerifier verifier = new AnswerVerifier(
                VerificationKeys.ofPublicKey(Fixtures.PUBLIC_KEY_ID, wechatPay.getPublic()));
        Instant now = Instant.ofEpochSecond(ts + 1);
        if (!verifier.verify(header, answer, now).isValid()) {
            throw new IllegalStateException("calibration: the answer signed for it does not verify");
        }

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int warm = Math.max(1, iterations / 10);
        sign(signer, request, warm);
        verify(verifier, header, answer, now, warm);
        long c0 = threads.getCurrentThreadCpuTime();
        sign(signer, request, iterations);
        long c1 = threads.getCurrentThreadCpuTime();
        verify(verifier, header, answer, now, iterations);
        long c2 = threads.getCurrentThreadCpuTime();
        return new SignVerifyCost((c1 - c0) / 1e3 / iterations, (c2 - c1) / 1e3 / iterations);
    }

    private static void sign(RsaRequestSigner signer, byte[] message, int n) {
        int h = 0;
        for (int i = 0; i < n; i++) {
            h += signer.signNow(message).hashCode();
        }
        sink = h;
    }

    private static void verify(AnswerVerifier verifier, Function<String, String> header, byte[] body, Instant now,
            int n) {
        int h = 0;
        for (int i = 0; i < n; i++) {
            h += verifier.verify(header, body, now).isValid() ? 1 : 0;
        }
        if (h != n) {
            throw new IllegalStateException("calibration: " + (n - h) + " of " + n + " verifications failed");
        }
        sink = h;
    }
}
