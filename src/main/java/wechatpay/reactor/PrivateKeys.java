package wechatpay.reactor;

import java.nio.file.Path;
import java.security.PrivateKey;
import wechatpay.reactor.internal.Pem;

/**
 * Loads the merchant API private key ({@code apiclient_key.pem}). Accepts PKCS#8 ({@code PRIVATE KEY}) and
 * PKCS#1 ({@code RSA PRIVATE KEY}) PEM; the key must be RSA of at least 2048 bits and unencrypted. Errors
 * say what was expected and what was found, and never contain key material.
 *
 * <pre>{@code
 * PrivateKey key = PrivateKeys.fromPem(Path.of("/etc/wechatpay/apiclient_key.pem"));
 * }</pre>
 */
public final class PrivateKeys {
    private PrivateKeys() {
    }

    /** Parses PEM text; throws {@link IllegalArgumentException} naming what was found instead. */
    public static PrivateKey fromPem(String pem) {
        return Pem.privateKey("merchant private key", pem);
    }

    /** Reads and parses a PEM file; an unreadable file is an {@link IllegalArgumentException} naming it. */
    public static PrivateKey fromPem(Path file) {
        return Pem.privateKey("merchant private key (" + file + ")", Files.read(file));
    }
}
