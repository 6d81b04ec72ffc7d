package wechatpay.reactor.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_256_GCM as APIv3 uses it for certificates and callbacks: key = the 32-byte APIv3 key,
 * IV = the UTF-8 nonce, AAD = associated_data (may be empty), ciphertext = Base64(ct || 16-byte tag).
 */
public final class AesGcm {
    public static final String ALGORITHM = "AEAD_AES_256_GCM";
    public static final int KEY_BYTES = 32;
    private static final int TAG_BITS = 128;

    private AesGcm() {
    }

    public static byte[] decrypt(byte[] key, String nonce, String associatedData, String ciphertextBase64) {
        requireKey(key);
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(require("ciphertext", ciphertextBase64));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ALGORITHM + ": ciphertext is not valid Base64");
        }
        if (sealed.length < TAG_BITS / 8) {
            throw new IllegalArgumentException(ALGORITHM + ": ciphertext is shorter than its 16-byte tag ("
                    + sealed.length + " bytes)");
        }
        try {
            return cipher(Cipher.DECRYPT_MODE, key, nonce, associatedData).doFinal(sealed);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException(ALGORITHM + ": authentication tag mismatch "
                    + "(wrong APIv3 key, nonce or associated_data, or the ciphertext was altered)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " decryption failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    public static String encrypt(byte[] key, String nonce, String associatedData, byte[] plaintext) {
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, key, nonce, associatedData).doFinal(plaintext);
            return Base64.getEncoder().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " encryption failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Checks the APIv3 key length without ever printing the key. */
    public static byte[] requireKey(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("APIv3 key: expected " + KEY_BYTES + " bytes, found "
                    + (key == null ? "null" : key.length + " bytes"));
        }
        return key;
    }

    private static Cipher cipher(int mode, byte[] key, String nonce, String associatedData)
            throws GeneralSecurityException {
        requireKey(key);
        byte[] iv = require("nonce", nonce).getBytes(StandardCharsets.UTF_8);
        if (iv.length == 0) {
            throw new IllegalArgumentException(ALGORITHM + ": nonce must not be empty");
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        if (associatedData != null && !associatedData.isEmpty()) {
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        }
        return c;
    }

    private static String require(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException(ALGORITHM + ": " + field + " is missing");
        }
        return value;
    }
}
