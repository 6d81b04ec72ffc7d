package wechatpay.reactor.internal;

import java.security.PrivateKey;
import java.security.Provider;
import java.util.Base64;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import wechatpay.reactor.RequestSigner;

/**
 * The local signer: SHA256withRSA with the given JCA provider, else {@link RsaProvider#preferred()} (native when
 * available), the key translated once into the provider's own form; run on {@code Schedulers.parallel()}.
 */
public final class RsaRequestSigner implements RequestSigner {
    private final String serial;
    private final PrivateKey key;
    private final Provider provider;

    public RsaRequestSigner(String serial, PrivateKey key, Provider provider) {
        if (serial == null || serial.isBlank()) {
            throw new IllegalArgumentException("merchant serial: expected the API certificate serial, found "
                    + (serial == null ? "null" : "a blank string"));
        }
        this.serial = serial;
        this.provider = RsaProvider.orPreferred(provider);
        this.key = RsaProvider.translated(Rsa.requireStrong("merchant private key", key), this.provider);
    }

    @Override
    public String serial() {
        return serial;
    }

    @Override
    public Mono<String> sign(byte[] message) {
        return Mono.fromCallable(() -> signNow(message)).subscribeOn(Schedulers.parallel());
    }

    /** Signs on the calling thread: for benchmarks and for callers already off the event loop. */
    public String signNow(byte[] message) {
        return Base64.getEncoder().encodeToString(Rsa.sign(key, provider, message));
    }

    @Override
    public String toString() {
        return "RsaRequestSigner[serial=" + serial + ", provider="
                + (provider == null ? "default" : provider.getName()) + ", key=redacted]";
    }
}
