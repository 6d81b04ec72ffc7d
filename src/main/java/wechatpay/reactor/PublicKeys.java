package wechatpay.reactor;

import java.nio.file.Path;
import java.security.PublicKey;
import wechatpay.reactor.internal.Pem;

/**
 * Loads a WeChat Pay public key ({@code pub_key.pem}, used with its id {@code PUB_KEY_ID_...}). Accepts SPKI
 * ({@code PUBLIC KEY}) and PKCS#1 ({@code RSA PUBLIC KEY}) PEM; RSA of at least 2048 bits. A certificate is
 * refused here: load it with {@link CertificateInfo#fromPem(String)}.
 */
public final class PublicKeys {
    private PublicKeys() {
    }

    public static PublicKey fromPem(String pem) {
        return Pem.publicKey("WeChat Pay public key", pem);
    }

    public static PublicKey fromPem(Path file) {
        return Pem.publicKey("WeChat Pay public key (" + file + ")", Files.read(file));
    }
}
