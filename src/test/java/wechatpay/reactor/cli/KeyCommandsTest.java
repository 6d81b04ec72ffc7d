package wechatpay.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.cli.CliTest.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import wechatpay.reactor.CertificateInfo;
import wechatpay.reactor.sandbox.SandboxIdentity;
import wechatpay.reactor.sandbox.SandboxState;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/** {@code certificates} and {@code selftest}, and a platform-certificate merchant configured without a public key. */
class KeyCommandsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The sandbox's state file without the public key: what a platform-certificate merchant configures. */
    private static Path certificateMerchant(WechatPaySandbox sandbox, Path dir) throws IOException {
        Path state = dir.resolve("state.properties");
        SandboxState.write(sandbox, state);
        Path config = dir.resolve("merchant.properties");
        Files.write(config, Files.readAllLines(state).stream()
                .filter(l -> !l.startsWith("wechatpay_public_key") && !l.startsWith("platform_certificate_file")).toList());
        return config;
    }

    @Test
    void certificatesDownloadsDecryptsAndWritesEachCertificate(@TempDir Path dir) throws IOException {
        SandboxIdentity identity = SandboxIdentity.generate();
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(identity)
                .mode(WechatPaySandbox.Mode.PLATFORM_CERTIFICATE).start()) {
            Path out = dir.resolve("certs");
            CliTest.Run run = cli("certificates", "--config", certificateMerchant(sandbox, dir).toString(),
                    "--output-dir", out.toString());
            assertThat(run.exit()).as(run.err()).isZero();
            JsonNode line = JSON.readTree(run.out().strip());
            String serial = identity.platformCertificate().serial();
            assertThat(line.get("serial_no").stringValue()).isEqualTo(serial);
            assertThat(CertificateInfo.fromPem(out.resolve(serial + ".pem")).serial()).isEqualTo(serial);
            assertThat(line.get("expire_time").stringValue()).isEqualTo(identity.platformCertificate().notAfter().toString());
        }
    }

    @Test
    void certificatesOfAPublicKeyOnlyMerchantSaysSo(@TempDir Path dir) throws IOException {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(SandboxIdentity.generate()).start()) {
            Path state = dir.resolve("state.properties");
            SandboxState.write(sandbox, state);
            CliTest.Run run = cli("certificates", "--config", state.toString());
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).contains("public-key only");
        }
    }

    @Test
    void selftestPassesForAPlatformCertificateMerchantAndNamesAWrongSerial(@TempDir Path dir) throws IOException {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(SandboxIdentity.generate())
                .mode(WechatPaySandbox.Mode.PLATFORM_CERTIFICATE).start()) {
            Path config = certificateMerchant(sandbox, dir);
            CliTest.Run ok = cli("selftest", "--config", config.toString());
            assertThat(ok.exit()).as(ok.err()).isZero();
            JsonNode report = JSON.readTree(ok.out().strip());
            assertThat(report.get("passed").booleanValue()).isTrue();
            assertThat(report.get("culprit").stringValue()).isEqualTo("NONE");

            List<String> lines = Files.readAllLines(config).stream()
                    .map(l -> l.startsWith("merchant_serial=") ? "merchant_serial=0123456789ABCDEF" : l).toList();
            Path wrong = Files.write(dir.resolve("wrong.properties"), lines);
            CliTest.Run bad = cli("selftest", "--config", wrong.toString(), "--attempts", "1");
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(JSON.readTree(bad.out().strip()).get("culprit").stringValue()).isEqualTo("MERCHANT_SERIAL");
        }
    }
}
