package wechatpay.reactor.internal;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAKey;

/** SHA256withRSA (PKCS#1 v1.5) with an optional JCA provider; {@code null} means the JDK's choice. */
public final class Rsa {
    public static final String ALGORITHM = "SHA256withRSA";
    public static final int MIN_BITS = 2048;

    private Rsa() {
    }

    public static byte[] sign(PrivateKey key, Provider provider, byte[] message) {
        try {
            Signature s = signature(provider);
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " signing failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** {@link #sign} with the preferred provider ({@link RsaProvider}), the key translated for it once. */
    public static byte[] signPreferred(PrivateKey key, byte[] message) {
        Provider provider = RsaProvider.preferred();
        return sign(RsaProvider.translated(key, provider), provider, message);
    }

    /** {@link #verify} with the preferred provider, the key translated for it once. */
    public static boolean verifyPreferred(PublicKey key, byte[] message, byte[] signature) {
        Provider provider = RsaProvider.preferred();
        return verify(RsaProvider.translated(key, provider), provider, message, signature);
    }

    /** True when {@code signature} is valid; false for any mismatch, including a wrong length. */
    public static boolean verify(PublicKey key, Provider provider, byte[] message, byte[] signature) {
        try {
            Signature s = signature(provider);
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Modulus length in bits, or -1 for a key that is not RSA. */
    public static int bits(Key key) {
        return key instanceof RSAKey rsa ? rsa.getModulus().bitLength() : -1;
    }

    /** Checks that {@code key} is RSA of at least 2048 bits; {@code what} names it in the message. */
    public static <K extends Key> K requireStrong(String what, K key) {
        if (key == null) {
            throw new IllegalArgumentException(what + ": expected an RSA key, found null");
        }
        if (!"RSA".equals(key.getAlgorithm()) || !(key instanceof RSAKey)) {
            throw new IllegalArgumentException(what + ": expected an RSA key, found " + key.getAlgorithm());
        }
        int bits = bits(key);
        if (bits < MIN_BITS) {
            throw new IllegalArgumentException(
                    what + ": expected an RSA key of at least " + MIN_BITS + " bits, found " + bits + " bits");
        }
        return key;
    }

    private static Signature signature(Provider provider) throws NoSuchAlgorithmException {
        return provider == null ? Signature.getInstance(ALGORITHM) : Signature.getInstance(ALGORITHM, provider);
    }
}
