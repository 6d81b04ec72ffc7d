package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.sandbox.SandboxFixtures.IDENTITY;
import static wechatpay.reactor.sandbox.SandboxFixtures.SCHEDULE;
import static wechatpay.reactor.sandbox.SandboxFixtures.schedule;
import static wechatpay.reactor.sandbox.SandboxFixtures.text;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.CertificateInfo;
import wechatpay.reactor.VerificationKeys;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.AnswerVerifier;
import wechatpay.reactor.internal.Verdict.Kind;

/** Platform-certificate mode end to end: download, decrypt with the APIv3 key, verify answers with it. */
class SandboxCertificateModeTest {

    @Test
    void downloadDecryptAndVerifyWithThePlatformCertificate() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY)
                .mode(WechatPaySandbox.Mode.PLATFORM_CERTIFICATE).start();
                SandboxCaller caller = new SandboxCaller(sandbox)) {
            SandboxCaller.Answer list = caller.get("/v3/certificates");
            assertThat(list.status()).isEqualTo(200);
            JsonNode item = list.json().get("data").get(0);
            JsonNode sealed = item.get("encrypt_certificate");
            assertThat(sealed.get("algorithm").stringValue()).isEqualTo("AEAD_AES_256_GCM");
            String pem = IDENTITY.apiV3Key().decryptToString(sealed.get("nonce").stringValue(),
                    sealed.get("associated_data").stringValue(), sealed.get("ciphertext").stringValue());
            CertificateInfo downloaded = CertificateInfo.fromPem(pem);
            assertThat(downloaded.serial()).isEqualTo(item.get("serial_no").stringValue())
                    .isEqualTo(IDENTITY.platformCertificate().serial());

            // Only the downloaded certificate: no other key could make the verdict VALID.
            AnswerVerifier byDownloaded = new AnswerVerifier(VerificationKeys.builder().certificate(downloaded).build());
            assertThat(byDownloaded.verify(name -> first(list, name), list.body(), Instant.now()).kind())
                    .isEqualTo(Kind.VALID);
            SandboxCaller.Answer scheduled = caller.post(SCHEDULE, text(schedule(sandbox.contracts().get(0), "P1", 10_000)));
            assertThat(scheduled.header(Headers.WECHATPAY_SERIAL)).isEqualTo(downloaded.serial());
            assertThat(byDownloaded.verify(name -> first(scheduled, name), scheduled.body(), Instant.now()).kind())
                    .isEqualTo(Kind.VALID);
        }
    }

    @Test
    void duringAMigrationTheRequestsWechatpaySerialChoosesTheAnsweringKey() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY)
                .mode(WechatPaySandbox.Mode.BOTH).start();
                SandboxCaller caller = new SandboxCaller(sandbox)) {
            String body = text(schedule(sandbox.contracts().get(0), "P2", 10_000));
            SandboxCaller.Answer byDefault = caller.post(SCHEDULE, body);
            assertThat(byDefault.header(Headers.WECHATPAY_SERIAL)).isEqualTo(IDENTITY.publicKeyId());
            assertThat(byDefault.verdict().isValid()).isTrue();
            String certSerial = IDENTITY.platformCertificate().serial();
            SandboxCaller.Answer byCert = caller.call("POST", SCHEDULE, body, h -> h.put(Headers.WECHATPAY_SERIAL, certSerial));
            assertThat(byCert.header(Headers.WECHATPAY_SERIAL)).isEqualTo(certSerial);
            assertThat(byCert.verdict().isValid()).isTrue();
            assertThat(caller.get("/v3/certificates").status()).isEqualTo(200);
        }
    }

    private static String first(SandboxCaller.Answer a, String name) {
        return a.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
}
