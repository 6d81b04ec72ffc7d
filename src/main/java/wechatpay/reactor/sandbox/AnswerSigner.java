package wechatpay.reactor.sandbox;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import wechatpay.reactor.internal.Certificates;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.Nonces;
import wechatpay.reactor.internal.Rsa;
import wechatpay.reactor.internal.RsaProvider;
import wechatpay.reactor.internal.SigningMessage;

/**
 * Signs answers and callbacks as WeChat Pay does ({@code Wechatpay-*} headers over {@code ts\nnonce\nbody\n}),
 * with the key {@link SandboxKeys} chooses for the request's mode and {@code Wechatpay-Serial}, and spoils the
 * signature on purpose when a fault asks for it.
 */
final class AnswerSigner {
    private static final long STALE_SECONDS = 600;
    private static final String PUBLIC_KEY_ID_PREFIX = "PUB_KEY_ID_";
    private static final KeyPair FORGER = Certificates.rsaKeyPair(2048);

    /** Cached answers stay well inside the clients' 5-minute window. */
    private static final long REUSE_SECONDS = 240;
    private static final int MAX_CACHED = 200_000;

    private final SandboxKeys keys;
    private final Clock clock;
    private final Map<Cached.Key, Cached> cache;

    /** {@code fast}: an answer whose bytes were signed less than 4 minutes ago reuses that signature. */
    AnswerSigner(SandboxKeys keys, Clock clock, boolean fast) {
        RsaProvider.preferred();   // detect the provider here, at start-up, not on the first answer's thread
        this.keys = keys;
        this.clock = clock;
        this.cache = fast ? new ConcurrentHashMap<>() : null;
    }

    /** A callback's headers: signed as an answer to no request, in the mode of the moment. */
    Map<String, String> signCallback(byte[] body) {
        return sign(body, keys.mode(), null, false, Optional.empty());
    }

    /** An answer's headers in {@code mode} (the one its request arrived under), spoiled as {@code fault} says. */
    Map<String, String> sign(byte[] body, WechatPaySandbox.Mode mode, String requestedSerial, boolean certificateEndpoint,
            Optional<Fault> fault) {
        SandboxKeys.Signing signing = keys.signing(mode, requestedSerial, certificateEndpoint);
        long now = clock.instant().getEpochSecond();
        if (cache != null && fault.isEmpty()) {
            Cached.Key key = new Cached.Key(signing.serial(), ByteBuffer.wrap(body));
            Cached hit = cache.get(key);
            if (hit == null || now - hit.timestamp() >= REUSE_SECONDS) {
                String nonce = Nonces.random();
                hit = new Cached(now, nonce, Base64.getEncoder().encodeToString(
                        Rsa.signPreferred(signing.key(), SigningMessage.answer(Long.toString(now), nonce, body))));
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
                Rsa.signPreferred(key, SigningMessage.answer(Long.toString(ts), nonce, body)));
        if (fault.orElse(null) == Fault.PROBE) {
            signature = Headers.PROBE_PREFIX + signature;
        }
        String serial = fault.orElse(null) == Fault.UNKNOWN_SERIAL ? unknownLike(signing.serial()) : signing.serial();
        return headers(nonce, signature, ts, serial);
    }

    /**
     * A fresh random serial nobody holds, shaped like {@code serial}: {@code PUB_KEY_ID_01} and 26 digits for a public
     * key id, else 40 upper-case hex digits as a certificate serial. Each call differs, so a flood of such answers
     * shows a client many unknown serials.
     */
    static String unknownLike(String serial) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (serial.startsWith(PUBLIC_KEY_ID_PREFIX)) {
            StringBuilder id = new StringBuilder(PUBLIC_KEY_ID_PREFIX).append("01");
            for (int i = 0; i < 26; i++) {
                id.append((char) ('0' + random.nextInt(10)));
            }
            return id.toString();
        }
        return new BigInteger(160, random).setBit(159).toString(16).toUpperCase(Locale.ROOT);
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

}
