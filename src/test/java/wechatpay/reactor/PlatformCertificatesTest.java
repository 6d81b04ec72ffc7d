package wechatpay.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The certificate list as the official Java SDK publishes it, decrypted with the APIv3 key of the vectors. */
class PlatformCertificatesTest {
    private static final ApiV3Key VECTOR_KEY = ApiV3Key.of("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb");

    private static String vector() throws IOException {
        try (InputStream in = PlatformCertificatesTest.class.getResourceAsStream("/vectors/official-sdk-certificates.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theOfficialSdksPublishedAnswerDecryptsToItsCertificate() throws IOException {
        List<CertificateInfo> certificates = PlatformCertificates.decrypt(vector().getBytes(StandardCharsets.UTF_8),
                VECTOR_KEY);
        assertThat(certificates).singleElement().satisfies(c -> {
            assertThat(c.serial()).isEqualTo("5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC");
            assertThat(c.notBefore()).isEqualTo(OffsetDateTime.parse("2023-09-19T23:15:58+08:00").toInstant());
            assertThat(c.notAfter()).isEqualTo(OffsetDateTime.parse("2028-09-17T23:15:58+08:00").toInstant());
        });
    }

    @Test
    void aWrongKeyAnAlteredEntryOrAnotherSerialIsRefused() throws IOException {
        byte[] body = vector().getBytes(StandardCharsets.UTF_8);
        assertThatIllegalArgumentException().isThrownBy(() -> PlatformCertificates.decrypt(body,
                ApiV3Key.of("b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb")));
        String altered = vector().replace("\"nonce\": \"14b16c03dc1b\"", "\"nonce\": \"14b16c03dc1c\"");
        assertThat(altered).isNotEqualTo(vector());
        assertThatIllegalArgumentException().isThrownBy(() -> PlatformCertificates.decrypt(
                altered.getBytes(StandardCharsets.UTF_8), VECTOR_KEY));
        String otherSerial = vector().replace("5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC", "5DEA10EF55877E3CF6C33255C2E7DEFFF7E427ED");
        assertThatIllegalArgumentException().isThrownBy(() -> PlatformCertificates.decrypt(
                otherSerial.getBytes(StandardCharsets.UTF_8), VECTOR_KEY))
                .withMessageContaining("has serial 5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC");
        String otherAlgorithm = vector().replace("AEAD_AES_256_GCM", "SM4_GCM");
        assertThatIllegalArgumentException().isThrownBy(() -> PlatformCertificates.decrypt(
                otherAlgorithm.getBytes(StandardCharsets.UTF_8), VECTOR_KEY)).withMessageContaining("SM4_GCM");
        assertThatIllegalArgumentException().isThrownBy(() -> PlatformCertificates.decrypt(
                "<html>".getBytes(StandardCharsets.UTF_8), VECTOR_KEY)).withMessage("the certificate list is not JSON");
    }
}
