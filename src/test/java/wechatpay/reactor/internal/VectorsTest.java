package wechatpay.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import wechatpay.reactor.ApiV3Key;
import wechatpay.reactor.PrivateKeys;
import wechatpay.reactor.PublicKeys;
import wechatpay.reactor.RequestSigner;
import wechatpay.reactor.TestKeys;

/** The published golden vectors of the official SDKs (see src/test/resources/vectors/README.md). */
class VectorsTest {
    private static final String SOURCE_SIGNATURE = "BKyAfU4iMCuvXMXS0Wzam3V/cnxZ+JaqigPM5OhljS2iOT95OO6Fsuml2JkFANJU9K6q"
            + "9bLlDhPXuoVz+pp4hAm6pHU4ld815U4jsKu1RkyaII+1CYBUYC8TK0XtJ8FwUXXz8vZHh58rrAVN1XwNyvD1vfpxrMT4SL536GLwvp"
            + "UHlCqIMzoZUguLli/K8V29QiOhuH6IEqLNJn8e9b3nwNcQ7be3CzYGpDAKBfDGPCqCv8Rw5zndhlffk2FEA70G4hvMwe51qMN/RAJb"
            + "knXG23bSlObuTCN7Ndj1aJGH6/L+hdwfLpUtJm4QYVazzW7DFD27EpSQEqA8bX9+8m1rLg==";
    private static final PrivateKey KEY = PrivateKeys.fromPem(TestKeys.resource("vectors/key.pem"));
    private static final PublicKey PUB = PublicKeys.fromPem(TestKeys.resource("vectors/key.pub.pem"));
    private static final byte[] SOURCE = "source".getBytes(StandardCharsets.UTF_8);

    @Test
    void rsaSignatureOfSourceMatchesTheVectorWithTheJdkProvider() {
        assertThat(new RsaRequestSigner("F5765756002FDD77", KEY, null).signNow(SOURCE)).isEqualTo(SOURCE_SIGNATURE);
    }

    @Test
    void rsaSignatureOfSourceMatchesTheVectorWithBouncyCastle() {
        RequestSigner signer = RequestSigner.rsa("F5765756002FDD77", KEY, new BouncyCastleProvider());
        StepVerifier.create(signer.sign(SOURCE)).expectNext(SOURCE_SIGNATURE).expectComplete()
                .verify(java.time.Duration.ofSeconds(10));
    }

    @Test
    void vectorSignatureVerifiesWithThePublicHalfAndFailsForOtherBytes() {
        byte[] sig = Base64.getDecoder().decode(SOURCE_SIGNATURE);
        assertThat(Rsa.verify(PUB, null, SOURCE, sig)).isTrue();
        assertThat(Rsa.verify(PUB, new BouncyCastleProvider(), SOURCE, sig)).isTrue();
        assertThat(Rsa.verify(PUB, null, "sourcf".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
    }

    @Test
    void aesGcmVectorDecryptsAndEncryptsToTheSameBytes() {
        ApiV3Key key = ApiV3Key.of("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb");
        assertThat(key.decryptToString("uluk4a9R25RW", "associatedData", "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI="))
                .isEqualTo("message");
        assertThat(AesGcm.encrypt("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb".getBytes(StandardCharsets.UTF_8), "uluk4a9R25RW", "associatedData", "message".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=");
    }

    @Test
    void authorizationVectorWithFixedClockAndNonce() {
        byte[] message = SigningMessage.request("GET", "/v3/certificates", 1624523846L, "A1B2C3D4E5F6G7", new byte[0]);
        assertThat(new String(message, StandardCharsets.UTF_8))
                .isEqualTo("GET\n/v3/certificates\n1624523846\nA1B2C3D4E5F6G7\n\n");

        RequestSigner signer = new RsaRequestSigner("0123456789ABC", KEY, null);
        Clock frozen = Clock.fixed(Instant.ofEpochSecond(1624523846L), ZoneOffset.UTC);
        String header = new RequestAuthorizer("1234567890", signer, frozen, () -> "A1B2C3D4E5F6G7")
                .sign("GET", "/v3/certificates", new byte[0]).map(RequestAuthorizer.Signed::header).block(java.time.Duration.ofSeconds(10));
        String expectedSignature = Base64.getEncoder().encodeToString(Rsa.sign(KEY, null, message));
        assertThat(header).isEqualTo("WECHATPAY2-SHA256-RSA2048 mchid=\"1234567890\",nonce_str=\"A1B2C3D4E5F6G7\","
                + "timestamp=\"1624523846\",serial_no=\"0123456789ABC\",signature=\"" + expectedSignature + "\"");
        assertThat(Rsa.verify(PUB, null, message, Base64.getDecoder().decode(expectedSignature))).isTrue();
    }
}
