package wechatpay.reactor.benchmarks;

import java.security.KeyPair;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;
import wechatpay.reactor.internal.Authorization;
import wechatpay.reactor.internal.Certificates;
import wechatpay.reactor.internal.Rsa;
import wechatpay.reactor.internal.RsaRequestSigner;
import wechatpay.reactor.internal.SigningMessage;

/**
 * Request signing: one SHA256withRSA-2048 signature of a schedule-records/batch-create message per call
 * ({@code sign}, per provider), against everything else the signing step does: building the five-line message
 * and the Authorization header ({@code messageAndHeader}, provider-independent).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class SignBenchmark {

    /** The signer under test; the provider parameter lives here so only {@code sign} is run per provider. */
    @State(Scope.Benchmark)
    public static class Signer {
        @Param({"ACCP", "JDK", "BC"})
        public String provider;

        RsaRequestSigner signer;
        byte[] message;

        @Setup(Level.Trial)
        public void setUp() {
            KeyPair merchant = Certificates.rsaKeyPair(2048);
            signer = new RsaRequestSigner(Fixtures.MERCHANT_SERIAL, merchant.getPrivate(), Fixtures.provider(provider));
            message = SigningMessage.request(Fixtures.METHOD, Fixtures.PATH, Fixtures.TIMESTAMP, Fixtures.NONCE,
                    Fixtures.REQUEST_BODY);
            byte[] signature = Base64.getDecoder().decode(signer.signNow(message));
            if (!Rsa.verify(merchant.getPublic(), null, message, signature)) {
                throw new IllegalStateException("setup: the " + provider + " signature does not verify");
            }
        }
    }

    /** Inputs of one request; fields are not final so the JIT cannot fold the header into a constant. */
    @State(Scope.Benchmark)
    public static class Request {
        String method;
        String path;
        long timestamp;
        String nonce;
        byte[] body;
        String mchid;
        String serial;
        String signature;

        @Setup(Level.Trial)
        public void setUp() {
            method = Fixtures.METHOD;
            path = Fixtures.PATH;
            timestamp = Fixtures.TIMESTAMP;
            nonce = Fixtures.NONCE;
            body = Fixtures.REQUEST_BODY.clone();
            mchid = Fixtures.MCHID;
            serial = Fixtures.MERCHANT_SERIAL;
            KeyPair merchant = Certificates.rsaKeyPair(2048);
            signature = Base64.getEncoder().encodeToString(Rsa.sign(merchant.getPrivate(), null,
                    SigningMessage.request(method, path, timestamp, nonce, body)));
        }
    }

    @Benchmark
    public String sign(Signer s) {
        return s.signer.signNow(s.message);
    }

    @Benchmark
    public String messageAndHeader(Request r, Blackhole bh) {
        bh.consume(SigningMessage.request(r.method, r.path, r.timestamp, r.nonce, r.body));
        return Authorization.header(r.mchid, r.serial, r.nonce, r.timestamp, r.signature);
    }
}
