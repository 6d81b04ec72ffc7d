package wechatpay.reactor.internal;

import java.security.Provider;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import wechatpay.reactor.VerificationKeys;

/**
 * Verifies {@code Wechatpay-Signature} over {@code TIMESTAMP\nNONCE\nBODY\n} with the raw body bytes. A pure
 * verdict: no exception for any input, the time passed in. A timestamp is stale when it is the window (300 s
 * by default) or more off in either direction, as in the official Java and Go SDKs.
 */
public final class AnswerVerifier {
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

    private final Supplier<VerificationKeys> keys;
    private final long windowSeconds;
    private final Provider provider;

    /** {@code keys} is asked on every verification, so a key ring that refreshes is seen at once. */
    public AnswerVerifier(Supplier<VerificationKeys> keys, Duration window, Provider provider) {
        this.keys = Objects.requireNonNull(keys, "keys");
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("verification window: expected a positive duration, found " + window);
        }
        this.windowSeconds = window.getSeconds();
        this.provider = RsaProvider.orPreferred(provider);
    }

    public AnswerVerifier(VerificationKeys keys, Duration window, Provider provider) {
        this(constant(keys), window, provider);
    }

    public AnswerVerifier(VerificationKeys keys) {
        this(keys, DEFAULT_WINDOW, null);
    }

    private static Supplier<VerificationKeys> constant(VerificationKeys keys) {
        Objects.requireNonNull(keys, "keys");
        return () -> keys;
    }

    /**
     * @param header looks a header up by name, ignoring case; null when absent
     * @param body the raw body bytes as received; null or empty for no body
     */
    public Verdict verify(Function<String, String> header, byte[] body, Instant now) {
        String timestamp = header.apply(Headers.WECHATPAY_TIMESTAMP);
        String nonce = header.apply(Headers.WECHATPAY_NONCE);
        String signature = header.apply(Headers.WECHATPAY_SIGNATURE);
        String serial = header.apply(Headers.WECHATPAY_SERIAL);
        Optional<String> missing = firstBlank(timestamp, nonce, signature, serial);
        if (missing.isPresent()) {
            return new Verdict(Verdict.Kind.MISSING_HEADER, missing.get() + " is missing");
        }
        if (signature.startsWith(Headers.PROBE_PREFIX)) {
            return new Verdict(Verdict.Kind.PROBE, "Wechatpay-Signature is a WECHATPAY/SIGNTEST/ probe");
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return new Verdict(Verdict.Kind.MALFORMED, "Wechatpay-Timestamp is not a number of seconds");
        }
        long skew = now.getEpochSecond() - ts;
        if (Math.abs(skew) >= windowSeconds) {
            return new Verdict(Verdict.Kind.STALE_TIMESTAMP, "Wechatpay-Timestamp is " + Math.abs(skew) + " s "
                    + (skew > 0 ? "old" : "in the future") + "; it must be less than " + windowSeconds + " s off");
        }
        VerificationKeys known = keys.get();
        Optional<PublicKey> key = known.find(serial, now);
        if (key.isEmpty()) {
            return new Verdict(Verdict.Kind.UNKNOWN_SERIAL, known.contains(serial)
                    ? "the platform certificate " + serial + " is outside its validity at " + now
                    : "no WeChat Pay key has serial " + serial + " (known: " + known.serials() + ")");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException e) {
            return new Verdict(Verdict.Kind.MALFORMED, "Wechatpay-Signature is not Base64");
        }
        if (raw.length != (Rsa.bits(key.get()) + 7) / 8) {
            return new Verdict(Verdict.Kind.MALFORMED, "Wechatpay-Signature has " + raw.length
                    + " bytes; the key of " + serial + " makes " + (Rsa.bits(key.get()) + 7) / 8);
        }
        byte[] message = SigningMessage.answer(timestamp, nonce, body);
        return Rsa.verify(RsaProvider.translated(key.get(), provider), provider, message, raw) ? Verdict.VALID
                : new Verdict(Verdict.Kind.BAD_SIGNATURE, "Wechatpay-Signature does not match the answer under key "
                        + serial + " (forged or altered)");
    }

    private static Optional<String> firstBlank(String timestamp, String nonce, String signature, String serial) {
        if (timestamp == null || timestamp.isBlank()) {
            return Optional.of(Headers.WECHATPAY_TIMESTAMP);
        }
        if (nonce == null || nonce.isBlank()) {
            return Optional.of(Headers.WECHATPAY_NONCE);
        }
        if (signature == null || signature.isBlank()) {
            return Optional.of(Headers.WECHATPAY_SIGNATURE);
        }
        if (serial == null || serial.isBlank()) {
            return Optional.of(Headers.WECHATPAY_SERIAL);
        }
        return Optional.empty();
    }
}
