package wechatpay.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import wechatpay.reactor.ApiV3Key;
import wechatpay.reactor.TestKeys;

/** AEAD_AES_256_GCM with the APIv3 key, and RSA-OAEP for sensitive fields. */
class CipherTest {
    private static final String SECRET = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
    private static final ApiV3Key KEY = ApiV3Key.of(SECRET);

    @Test
    void aesGcmRoundTripsWithAndWithoutAssociatedData() {
        byte[] plain = "{\"out_trade_no\":\"T1\",\"金额\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(KEY.decrypt("0123456789ab", "certificate", AesGcm.encrypt(SECRET.getBytes(StandardCharsets.UTF_8), "0123456789ab", "certificate", plain)))
                .isEqualTo(plain);
        assertThat(KEY.decrypt("0123456789ab", "", AesGcm.encrypt(SECRET.getBytes(StandardCharsets.UTF_8), "0123456789ab", null, plain))).isEqualTo(plain);
    }

    @Test
    void apiV3KeyMustBe32BytesAndNeverPrints() {
        assertThatThrownBy(() -> ApiV3Key.of("short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("APIv3 key: expected 32 bytes, found 5 bytes");
        assertThatThrownBy(() -> ApiV3Key.of(SECRET + "x")).hasMessage("APIv3 key: expected 32 bytes, found 33 bytes");
        assertThatThrownBy(() -> AesGcm.decrypt(new byte[16], "n", "", "AAAA"))
                .hasMessage("APIv3 key: expected 32 bytes, found 16 bytes");
        assertThat(KEY.toString()).isEqualTo("ApiV3Key[redacted]").doesNotContain(SECRET);
    }

    @Test
    void aTamperedTagOrWrongKeyOrWrongAadIsAClearError() {
        String sealed = AesGcm.encrypt(SECRET.getBytes(StandardCharsets.UTF_8), "uluk4a9R25RW", "associatedData", "message".getBytes(StandardCharsets.UTF_8));
        byte[] raw = Base64.getDecoder().decode(sealed);
        raw[raw.length - 1] ^= 1;
        String tampered = Base64.getEncoder().encodeToString(raw);
        String expected = "AEAD_AES_256_GCM: authentication tag mismatch "
                + "(wrong APIv3 key, nonce or associated_data, or the ciphertext was altered)";
        assertThatThrownBy(() -> KEY.decrypt("uluk4a9R25RW", "associatedData", tampered)).hasMessage(expected);
        assertThatThrownBy(() -> ApiV3Key.of("b".repeat(32)).decrypt("uluk4a9R25RW", "associatedData", sealed))
                .hasMessage(expected);
        assertThatThrownBy(() -> KEY.decrypt("uluk4a9R25RW", "other", sealed)).hasMessage(expected);
    }

    @Test
    void aCiphertextThatIsNotBase64OrShorterThanTheTagIsAClearError() {
        assertThatThrownBy(() -> KEY.decrypt("n", "", "%%%")).hasMessage("AEAD_AES_256_GCM: ciphertext is not valid Base64");
        assertThatThrownBy(() -> KEY.decrypt("n", "", "AAAA"))
                .hasMessage("AEAD_AES_256_GCM: ciphertext is shorter than its 16-byte tag (3 bytes)");
    }

    @Test
    void oaepRoundTripsUpTo214Bytes() {
        byte[] id = "110101199003077777".getBytes(StandardCharsets.UTF_8);
        String sealed = Oaep.encrypt(TestKeys.WECHATPAY.getPublic(), id);
        assertThat(Base64.getDecoder().decode(sealed)).hasSize(256);
        assertThat(Oaep.decrypt(TestKeys.WECHATPAY.getPrivate(), sealed)).isEqualTo(id);
        byte[] max = new byte[214];
        Arrays.fill(max, (byte) 'x');
        assertThat(Oaep.decrypt(TestKeys.WECHATPAY.getPrivate(), Oaep.encrypt(TestKeys.WECHATPAY.getPublic(), max)))
                .isEqualTo(max);
    }

    @Test
    void oaepRefusesAnOversizePlaintext() {
        assertThatThrownBy(() -> Oaep.encrypt(TestKeys.WECHATPAY.getPublic(), new byte[215]))
                .hasMessage("RSA-OAEP: plaintext is 215 bytes; at most 214 bytes fit a 2048-bit key");
    }

    @Test
    void oaepIsRandomizedAndAWrongKeyFailsClearly() {
        byte[] name = "张三".getBytes(StandardCharsets.UTF_8);
        String a = Oaep.encrypt(TestKeys.WECHATPAY.getPublic(), name);
        assertThat(Oaep.encrypt(TestKeys.WECHATPAY.getPublic(), name)).isNotEqualTo(a);
        assertThatThrownBy(() -> Oaep.decrypt(TestKeys.MERCHANT.getPrivate(), a))
                .hasMessage("RSA-OAEP: decryption failed (wrong key or altered ciphertext)");
        assertThatThrownBy(() -> Oaep.decrypt(TestKeys.MERCHANT.getPrivate(), "***"))
                .hasMessage("RSA-OAEP: ciphertext is not valid Base64");
    }
}
