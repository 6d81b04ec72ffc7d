package wechatpay.reactor;

import java.nio.charset.StandardCharsets;
import wechatpay.reactor.internal.AesGcm;

/**
 * The merchant's APIv3 key: 32 bytes that decrypt platform certificates and callback resources
 * (AEAD_AES_256_GCM). It never prints: {@link #toString()} is redacted. Immutable and thread-safe.
 */
public final class ApiV3Key {
    private final byte[] key;

    private ApiV3Key(byte[] key) {
        this.key = key;
    }

    /** The key as set in the merchant platform: 32 ASCII characters. */
    public static ApiV3Key of(String key) {
        if (key == null) {
            throw new IllegalArgumentException("APIv3 key: expected 32 bytes, found null");
        }
        return new ApiV3Key(AesGcm.requireKey(key.getBytes(StandardCharsets.UTF_8)));
    }

    /** Decrypts {@code Base64(ciphertext || tag)}; a wrong key or an altered text is an {@link IllegalArgumentException}. */
    public byte[] decrypt(String nonce, String associatedData, String ciphertextBase64) {
        return AesGcm.decrypt(key, nonce, associatedData, ciphertextBase64);
    }

    public String decryptToString(String nonce, String associatedData, String ciphertextBase64) {
        return new String(decrypt(nonce, associatedData, ciphertextBase64), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ApiV3Key[redacted]";
    }
}
