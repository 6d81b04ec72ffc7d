package wechatpay.reactor.internal;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import javax.crypto.Cipher;

/**
 * RSA-OAEP ({@code RSA/ECB/OAEPWithSHA-1AndMGF1Padding}) for sensitive fields, Base64 on the wire. With a
 * 2048-bit key the plaintext is at most 214 bytes (256 - 2 * 20 - 2).
 */
public final class Oaep {
    public static final String TRANSFORMATION = "RSA/ECB/OAEPWithSHA-1AndMGF1Padding";
    private static final int OVERHEAD = 2 * 20 + 2;

    private Oaep() {
    }

    public static String encrypt(PublicKey key, byte[] plaintext) {
        Rsa.requireStrong("OAEP public key", key);
        int max = Rsa.bits(key) / 8 - OVERHEAD;
        if (plaintext.length > max) {
            throw new IllegalArgumentException("RSA-OAEP: plaintext is " + plaintext.length
                    + " bytes; at most " + max + " bytes fit a " + Rsa.bits(key) + "-bit key");
        }
        try {
            Cipher c = Cipher.getInstance(TRANSFORMATION);
            c.init(Cipher.ENCRYPT_MODE, key);
            return Base64.getEncoder().encodeToString(c.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-OAEP encryption failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    public static byte[] decrypt(PrivateKey key, String ciphertextBase64) {
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(ciphertextBase64);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("RSA-OAEP: ciphertext is not valid Base64");
        }
        try {
            Cipher c = Cipher.getInstance(TRANSFORMATION);
            c.init(Cipher.DECRYPT_MODE, key);
            return c.doFinal(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("RSA-OAEP: decryption failed (wrong key or altered ciphertext)");
        }
    }
}
