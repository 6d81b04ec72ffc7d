package wechatpay.reactor.sandbox;

import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import wechatpay.reactor.internal.Certificates;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.Nonces;
import wechatpay.reactor.internal.Rsa;
import wechatpay.reactor.internal.SigningMessage;

/**
 * Signs answers and callbacks as WeChat Pay does ({@code Wechatpay-*} headers over {@code ts\nnonce\nbody\n}),
 * with the key the mode and the request's {@code Wechatpay-Serial} choose, and spoils the signature on purpose
 * when a fault asks for it.
 */
final class AnswerSigner {
    private static final long STALE_SECONDS = 600;
    private static final KeyPair FORGER = Certificates.rsaKeyPair(2048);

    /** Cached answers stay well inside the clients' 5-minute window. */
    private static final long REUSE_SECONDS = 240;
    private static final int MAX_CACHED = 200_000;

    private final SandboxIdentity identity;
    private final WechatPaySandbox.Mode mode;
    private final Clock clock;
    private final Map<Cached.Key, Cached> cache;

    /** {@code fast}: an answer whose bytes were signed less than 4 minutes ago reuses that signature. */
    AnswerSigner(SandboxIdentity identity, WechatPaySandbox.Mode mode, Clock clock, boolean fast) {
        this.identity = identity;
        this.mode = mode;
        this.clock = clock;
        this.cache = fast ? new ConcurrentHashMap<>() : null;
    }

    /** The serial and key that answer: the platform certificate only in that mode or when the caller names it. */
    private Signing key(String requestedSerial, boolean certificateEndpoint) {
        String certSerial = identity.platformCertificate().serial();
        boolean useCertificate = switch (mode) {
            case PLATFORM_CERTIFICATE -> true;
            case PUBLIC_KEY -> false;
            case BOTH -> certificateEndpoint || certSerial.equals(requestedSerial);
        };
        return useCertificate ? new Signing(certSerial, identity.platformKeys().getPrivate())
                : new Signing(identity.publicKeyId(), identity.wechatPayKeys().getPrivate());
    }

    Map<String, String> sign(byte[] body, String requestedSerial, boolean certificateEndpoint, Optional<Fault> fault) {
        Signing signing = key(requestedSerial, certificateEndpoint);
        long now = clock.instant().getEpochSecond();
        if (cache != null && fault.isEmpty()) {
            Cached.Key key = new Cached.Key(signing.serial(), ByteBuffer.wrap(body));
            Cached hit = cache.get(key);
            if (hit == null || now - hit.timestamp() >= REUSE_SECONDS) {
                String nonce = Nonces.random();
                hit = new Cached(now, nonce, Base64.getEncoder().encodeToString(
                        Rsa.sign(signing.key(), null, SigningMessage.answer(Long.toString(now), nonce, body))));
                if (cache.size() >= MAX_CACHED) {
                    cache.clear();
                }
                cache.put(key, hit);
            }
            return headers(hit.nonce(), hit.signature(), hit.timestamp(), signing.serial());
        }
        long ts = now - (fault.orElse(null) == Fault.STALE ? STALE_SECONDS : 0);
        String nonce = Nonces.random();
        PrivateKey key = fault.orElse(null) == Fault.FORGE ? FORGER.getPrivate() : signing.key();
        String signature = Base64.getEncoder().encodeToString(
                Rsa.sign(key, null, SigningMessage.answer(Long.toString(ts), nonce, body)));
        if (fault.orElse(null) == Fault.PROBE) {
            signature = Headers.PROBE_PREFIX + signature;
        }
        String serial = fault.orElse(null) == Fault.UNKNOWN_SERIAL ? "PUB_KEY_ID_0000000000000000000000000000" : signing.serial();
        return headers(nonce, signature, ts, serial);
    }

    private static Map<String, String> headers(String nonce, String signature, long ts, String serial) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(Headers.WECHATPAY_NONCE, nonce);
        h.put(Headers.WECHATPAY_SIGNATURE, signature);
        h.put(Headers.WECHATPAY_TIMESTAMP, Long.toString(ts));
        h.put(Headers.WECHATPAY_SERIAL, serial);
        h.put(Headers.WECHATPAY_SIGNATURE_TYPE, Headers.SIGNATURE_TYPE);
        return h;
    }

    /** A signature made for some answer bytes under some key, reusable while fresh. */
    private record Cached(long timestamp, String nonce, String signature) {
        record Key(String serial, ByteBuffer body) {
        }
    }

    private record Signing(String serial, PrivateKey key) {
    }
}
