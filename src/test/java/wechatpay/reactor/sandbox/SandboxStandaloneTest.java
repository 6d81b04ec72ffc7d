package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wechatpay.reactor.PrivateKeys;
import wechatpay.reactor.PublicKeys;
import wechatpay.reactor.RequestSigner;
import wechatpay.reactor.VerificationKeys;
import wechatpay.reactor.internal.RequestAuthorizer;

/** {@code sandbox --port P --state FILE}: the state file, and a real process stopped by SIGTERM. */
class SandboxStandaloneTest {

    @Test
    void theStateFileHoldsEverythingAnOutsideClientNeeds(@TempDir Path dir) throws IOException {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(SandboxFixtures.IDENTITY).start()) {
            Path file = dir.resolve("sandbox.properties");
            SandboxState.write(sandbox, file);
            Properties p = load(file);
            assertThat(p.getProperty("base_url")).isEqualTo(sandbox.baseUrl());
            assertThat(p.getProperty("mchid")).isEqualTo(sandbox.identity().mchid());
            assertThat(p.getProperty("merchant_serial")).isEqualTo(sandbox.identity().merchantSerial());
            assertThat(p.getProperty("wechatpay_public_key_id")).isEqualTo(sandbox.identity().publicKeyId());
            assertThat(p.getProperty("apiv3_key")).hasSize(32);
            assertThat(PrivateKeys.fromPem(Path.of(p.getProperty("merchant_private_key_file"))).getEncoded())
                    .isEqualTo(sandbox.identity().merchantKeys().getPrivate().getEncoded());
            assertThat(PublicKeys.fromPem(Path.of(p.getProperty("wechatpay_public_key_file"))))
                    .isEqualTo(sandbox.identity().wechatPayKeys().getPublic());
            assertThat(p.getProperty("contracts")).isEqualTo("4");
            Contract c = sandbox.contracts().get(2);
            assertThat(p.getProperty("contracts.2.contract_id")).isEqualTo(c.contractId());
            assertThat(p.getProperty("contracts.2.openid")).isEqualTo(c.openid());
            assertThat(p.getProperty("contracts.2.appid")).isEqualTo(c.appid());
            assertThat(p.getProperty("contracts.2.sub_mchid")).isEqualTo(c.subMchid());
            assertThat(Files.getPosixFilePermissions(Path.of(p.getProperty("merchant_private_key_file"))))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void runsAsAProcessServesSignedAnswersAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state.properties");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                "wechatpay.reactor.cli.Cli", "sandbox", "--port", "0", "--state", state.toString(), "--seed", "7",
                "--fault", "server-error=0", "--latency-ms", "0-1")
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!Files.exists(state) && System.nanoTime() < deadline && process.isAlive()) {
                Thread.sleep(50);
            }
            assertThat(state).exists();
            Properties p = load(state);
            RequestSigner signer = RequestSigner.rsa(p.getProperty("merchant_serial"),
                    PrivateKeys.fromPem(Path.of(p.getProperty("merchant_private_key_file"))));
            String auth = new RequestAuthorizer(p.getProperty("mchid"), signer, java.time.Clock.systemUTC(),
                    wechatpay.reactor.internal.Nonces::random)
                    .sign("GET", "/v3/certificates", new byte[0]).map(RequestAuthorizer.Signed::header).block(Duration.ofSeconds(10));
            java.net.http.HttpResponse<byte[]> res = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(p.getProperty("base_url") + "/v3/certificates"))
                            .header("Authorization", auth).header("Accept", "application/json").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(res.statusCode()).isEqualTo(404);
            VerificationKeys keys = VerificationKeys.ofPublicKey(p.getProperty("wechatpay_public_key_id"),
                    PublicKeys.fromPem(Path.of(p.getProperty("wechatpay_public_key_file"))));
            Map<String, List<String>> h = res.headers().map();
            assertThat(new wechatpay.reactor.internal.AnswerVerifier(keys).verify(
                    name -> res.headers().firstValue(name).orElse(null), res.body(), java.time.Instant.now()).isValid())
                    .isTrue();
            assertThat(h).isNotEmpty();
        } finally {
            process.destroy();  // SIGTERM
        }
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(dir.resolve("out.log"));
        assertThat(log).contains("sandbox listening on http://127.0.0.1:").doesNotContain("Exception");
        assertThat(process.exitValue()).isIn(0, 143);
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }
}
