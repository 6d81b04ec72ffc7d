package wechatpay.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import wechatpay.reactor.internal.Certificates;

class VerificationKeysTest {
    private static final Instant NOW = Instant.parse("2026-11-27T04:00:00Z");
    private static final CertificateInfo MERCHANT_CERT = CertificateInfo.of(Certificates.selfSigned(TestKeys.MERCHANT,
            "merchant", new BigInteger(TestKeys.MERCHANT_SERIAL, 16), NOW.minusSeconds(86_400), NOW.plusSeconds(86_400)));

    @Test
    void refusesTheMerchantsOwnSerial() {
        VerificationKeys keys = VerificationKeys.builder().certificate(MERCHANT_CERT).build();
        assertThatThrownBy(() -> keys.requireDistinctFrom(TestKeys.MERCHANT_SERIAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("serial " + TestKeys.MERCHANT_SERIAL + " is the merchant's own API certificate serial");
        VerificationKeys wechat = VerificationKeys.ofPublicKey(TestKeys.PUBLIC_KEY_ID, TestKeys.WECHATPAY.getPublic());
        assertThat(wechat.requireDistinctFrom(TestKeys.MERCHANT_SERIAL)).isSameAs(wechat);
    }

    @Test
    void publicKeyIdsMustLookLikeWechatPays() {
        assertThatThrownBy(() -> VerificationKeys.ofPublicKey("0114232134912410000000000000", TestKeys.WECHATPAY.getPublic()))
                .hasMessage("publicKeyId: expected 'PUB_KEY_ID_' followed by the id shown in the merchant platform, "
                        + "found '0114232134912410000000000000'");
        assertThatThrownBy(() -> VerificationKeys.ofPublicKey("PUB_KEY_ID_", TestKeys.WECHATPAY.getPublic()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAnEmptySetAndDuplicates() {
        assertThatThrownBy(() -> VerificationKeys.builder().build())
                .hasMessageContaining("expected at least one WeChat Pay public key or platform certificate");
        assertThatThrownBy(() -> VerificationKeys.builder().certificate(MERCHANT_CERT).certificate(MERCHANT_CERT))
                .hasMessageContaining("is given twice");
    }

    @Test
    void refusesAWeakOrNonRsaKey() {
        assertThatThrownBy(() -> VerificationKeys.ofPublicKey(TestKeys.PUBLIC_KEY_ID,
                Certificates.rsaKeyPair(1024).getPublic()))
                .hasMessageEndingWith("expected an RSA key of at least 2048 bits, found 1024 bits");
    }

    @Test
    void findsPublicKeysAlwaysAndCertificatesOnlyWhenValid() {
        VerificationKeys keys = VerificationKeys.builder().publicKey(TestKeys.PUBLIC_KEY_ID, TestKeys.WECHATPAY.getPublic())
                .certificate(MERCHANT_CERT).build();
        assertThat(keys.find(TestKeys.PUBLIC_KEY_ID, NOW)).contains(TestKeys.WECHATPAY.getPublic());
        assertThat(keys.find(TestKeys.MERCHANT_SERIAL, NOW)).contains(TestKeys.MERCHANT.getPublic());
        assertThat(keys.find(TestKeys.MERCHANT_SERIAL, NOW.plusSeconds(2 * 86_400))).isEmpty();
        assertThat(keys.contains(TestKeys.MERCHANT_SERIAL)).isTrue();
        assertThat(keys.find("NOPE", NOW)).isEmpty();
        assertThat(keys.serials()).containsExactly(TestKeys.PUBLIC_KEY_ID, TestKeys.MERCHANT_SERIAL);
    }

    @Test
    void toStringShowsIdsButNoKeyMaterial() {
        VerificationKeys keys = VerificationKeys.ofPublicKey(TestKeys.PUBLIC_KEY_ID, TestKeys.WECHATPAY.getPublic());
        String modulus = ((java.security.interfaces.RSAPublicKey) TestKeys.WECHATPAY.getPublic()).getModulus().toString(16);
        assertThat(keys.toString()).contains(TestKeys.PUBLIC_KEY_ID).doesNotContain(modulus.substring(0, 16));
    }
}
