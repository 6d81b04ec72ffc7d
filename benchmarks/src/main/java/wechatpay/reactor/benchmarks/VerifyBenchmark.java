package wechatpay.reactor.benchmarks;

import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import wechatpay.reactor.VerificationKeys;
import wechatpay.reactor.internal.Certificates;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.AnswerVerifier;
import wechatpay.reactor.internal.Rsa;
import wechatpay.reactor.internal.SigningMessage;
import wechatpay.reactor.internal.Verdict;

/**
 * Response verification: headers, timestamp window, key lookup, Base64 and one SHA256withRSA-2048 verify over
 * a validly signed schedule-records answer, per provider. The clock is frozen at the response's timestamp.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(1)
@State(Scope.Benchmark)
public class VerifyBenchmark {

    @Param({"ACCP", "JDK", "BC"})
    public String provider;

    private AnswerVerifier verifier;
    private Function<String, String> headers;
    private byte[] body;
    private Instant now;

    @Setup(Level.Trial)
    public void setUp() {
        KeyPair wechatPay = Certificates.rsaKeyPair(2048);
        body = Fixtures.RESPONSE_BODY.clone();
        String timestamp = Long.toString(Fixtures.TIMESTAMP);
        byte[] message = SigningMessage.answer(timestamp, Fixtures.NONCE, body);
        String signature = Base64.getEncoder().encodeToString(Rsa.sign(wechatPay.getPrivate(), null, message));

        Map<String, String> received = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        received.put("request-id", "08F78BB5AF0610D1ED0A2C1D7EA8C04E1A7A0A0B0000");
        received.put("wechatpay-timestamp", timestamp);
        received.put("wechatpay-nonce", Fixtures.NONCE);
        received.put("wechatpay-signature", signature);
        received.put("wechatpay-serial", Fixtures.PUBLIC_KEY_ID);
        received.put("wechatpay-signature-type", Headers.SIGNATURE_TYPE);
        headers = received::get;
        now = Instant.ofEpochSecond(Fixtures.TIMESTAMP + 1);

        verifier = new AnswerVerifier(VerificationKeys.ofPublicKey(Fixtures.PUBLIC_KEY_ID, wechatPay.getPublic()),
                AnswerVerifier.DEFAULT_WINDOW, Fixtures.provider(provider));
        Verdict verdict = verifier.verify(headers, body, now);
        if (!verdict.isValid()) {
            throw new IllegalStateException("setup: expected a valid verdict with " + provider + ", found "
                    + verdict.kind() + " (" + verdict.detail() + ")");
        }
    }

    @Benchmark
    public Verdict verify() {
        return verifier.verify(headers, body, now);
    }
}
