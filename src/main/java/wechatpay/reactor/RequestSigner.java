package wechatpay.reactor;

import java.security.PrivateKey;
import java.security.Provider;
import reactor.core.publisher.Mono;
import wechatpay.reactor.internal.RsaRequestSigner;

/**
 * Signs request messages with the merchant API key (SHA256withRSA, Base64). The SPI returns a {@link Mono}
 * so a signer backed by a KMS or an HSM fits without blocking; the local signer runs the RSA work on
 * {@code Schedulers.parallel()}, never on the caller's thread (which may be a Netty event loop).
 *
 * <p>Implementations must be thread-safe, must not sign before subscription, and must never put key
 * material or signatures in {@code toString()} or exception messages.
 *
 * <pre>{@code
 * RequestSigner signer = RequestSigner.rsa(merchantSerial, PrivateKeys.fromPem(Path.of("apiclient_key.pem")));
 * // or with another JCA provider, e.g. Bouncy Castle:
 * RequestSigner bc = RequestSigner.rsa(merchantSerial, key, new BouncyCastleProvider());
 * }</pre>
 */
public interface RequestSigner {

    /** The merchant API certificate serial that goes in {@code serial_no}. */
    String serial();

    /** The Base64 SHA256withRSA signature of {@code message}, computed on subscription. */
    Mono<String> sign(byte[] message);

    /**
     * A local signer: with the Amazon Corretto Crypto Provider (native RSA, about three times faster) when it is
     * on the class path and healthy, else the JDK's provider.
     */
    static RequestSigner rsa(String serial, PrivateKey key) {
        return new RsaRequestSigner(serial, key, null);
    }

    /** A local signer with the given JCA provider (Bouncy Castle, Amazon Corretto Crypto Provider, ...). */
    static RequestSigner rsa(String serial, PrivateKey key, Provider provider) {
        return new RsaRequestSigner(serial, key, java.util.Objects.requireNonNull(provider, "provider"));
    }
}
