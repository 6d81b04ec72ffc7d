package wechatpay.reactor.sandbox;

import wechatpay.reactor.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.sandbox.SandboxFixtures.IDENTITY;
import static wechatpay.reactor.sandbox.SandboxFixtures.SCHEDULE;
import static wechatpay.reactor.sandbox.SandboxFixtures.text;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.CertificateInfo;
import wechatpay.reactor.RequestSigner;
import wechatpay.reactor.VerificationKeys;
import wechatpay.reactor.internal.AnswerVerifier;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.Verdict;
import wechatpay.reactor.sandbox.WechatPaySandbox.Mode;

/** Platform-certificate rotation while the sandbox runs, over HTTP; the overlap ends when the test moves the clock. */
class SandboxRotationTest {
    private static final Duration OVERLAP = Duration.ofSeconds(60);
    private static final String OLD = IDENTITY.platformCertificate().serial();

    private final MovableClock clock = new MovableClock();
    private WechatPaySandbox sandbox;
    private SandboxCaller caller;
    private int ids;

    private void start(Mode mode) {
        sandbox = WechatPaySandbox.builder().identity(IDENTITY).mode(mode).clock(clock).start();
        caller = new SandboxCaller(sandbox, RequestSigner.rsa(IDENTITY.merchantSerial(),
                IDENTITY.merchantKeys().getPrivate()), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        caller.close();
        sandbox.close();
    }

    /** The certificates a download lists, each decrypted with the APIv3 key and checked against its serial_no. */
    private static List<CertificateInfo> decrypt(SandboxCaller.Answer list) {
        assertThat(list.status()).as(list.text()).isEqualTo(200);
        List<CertificateInfo> out = new ArrayList<>();
        for (JsonNode item : list.json().get("data")) {
            JsonNode sealed = item.get("encrypt_certificate");
            CertificateInfo cert = CertificateInfo.fromPem(IDENTITY.apiV3Key().decryptToString(
                    sealed.get("nonce").stringValue(), sealed.get("associated_data").stringValue(),
                    sealed.get("ciphertext").stringValue()));
            assertThat(cert.serial()).isEqualTo(item.get("serial_no").stringValue());
            out.add(cert);
        }
        return out;
    }

    /** The verdict of {@code a} under exactly {@code certificates}: no other key can make it VALID. */
    private static Verdict verdictUnder(List<CertificateInfo> certificates, SandboxCaller.Answer a) {
        VerificationKeys.Builder keys = VerificationKeys.builder();
        certificates.forEach(keys::certificate);
        return new AnswerVerifier(keys.build()).verify(name -> a.header(name), a.body(), Instant.now());
    }

    private SandboxCaller.Answer scheduleNaming(String serial) {
        String body = text(SandboxFixtures.schedule(sandbox.contracts().get(0), "ROT" + ids++, 10_000));
        SandboxCaller.Answer a = caller.call("POST", SCHEDULE, body, h -> h.put(Headers.WECHATPAY_SERIAL, serial));
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        return a;
    }

    @Test
    void duringTheOverlapBothAreListedAndTheOldOneSignsThenTheNewOne() {
        start(Mode.PLATFORM_CERTIFICATE);
        CertificateInfo next = sandbox.rotatePlatformCertificate(OVERLAP);
        assertThat(next.serial()).isNotEqualTo(OLD);
        assertThat(next.notBefore()).isBeforeOrEqualTo(clock.instant());

        SandboxCaller.Answer list = caller.get("/v3/certificates");
        List<CertificateInfo> listed = decrypt(list);
        assertThat(listed).extracting(CertificateInfo::serial).containsExactly(next.serial(), OLD);
        assertThat(list.header(Headers.WECHATPAY_SERIAL)).isEqualTo(OLD);
        assertThat(verdictUnder(listed, list).isValid()).isTrue();
        PlatformCertificates certificates = sandbox.platformCertificates();
        assertThat(certificates.inOverlap()).isTrue();
        assertThat(certificates.current().serial()).isEqualTo(next.serial());
        assertThat(certificates.previous()).map(CertificateInfo::serial).contains(OLD);
        assertThat(certificates.signing().serial()).isEqualTo(OLD);

        SandboxCaller.Answer before = scheduleNaming(null);
        assertThat(before.header(Headers.WECHATPAY_SERIAL)).isEqualTo(OLD);
        assertThat(verdictUnder(listed, before).isValid()).isTrue();

        clock.advance(OVERLAP.plusSeconds(1));
        assertThat(certificates.inOverlap()).isFalse();
        assertThat(certificates.signing().serial()).isEqualTo(next.serial());
        SandboxCaller.Answer after = scheduleNaming(null);
        assertThat(after.header(Headers.WECHATPAY_SERIAL)).isEqualTo(next.serial());
        assertThat(verdictUnder(listed, after).isValid()).isTrue();
        assertThat(verdictUnder(List.of(IDENTITY.platformCertificate()), after).kind())
                .isEqualTo(Verdict.Kind.UNKNOWN_SERIAL);
        // The old one stays listed, and may still be named, until the next rotation.
        assertThat(decrypt(caller.get("/v3/certificates"))).extracting(CertificateInfo::serial)
                .containsExactly(next.serial(), OLD);
        assertThat(scheduleNaming(OLD).header(Headers.WECHATPAY_SERIAL)).isEqualTo(OLD);
        assertThat(sandbox.stats().certificateDownloads()).isEqualTo(2);
    }

    @Test
    void inBothModeARequestNamingTheNewSerialDuringTheOverlapIsAnsweredWithIt() {
        start(Mode.BOTH);
        CertificateInfo next = sandbox.rotatePlatformCertificate(OVERLAP);
        List<CertificateInfo> listed = decrypt(caller.get("/v3/certificates"));
        SandboxCaller.Answer byNew = scheduleNaming(next.serial());
        assertThat(byNew.header(Headers.WECHATPAY_SERIAL)).isEqualTo(next.serial());
        assertThat(verdictUnder(listed, byNew).isValid()).isTrue();
        assertThat(scheduleNaming(OLD).header(Headers.WECHATPAY_SERIAL)).isEqualTo(OLD);
        assertThat(scheduleNaming(null).header(Headers.WECHATPAY_SERIAL)).isEqualTo(IDENTITY.publicKeyId());
        assertThat(scheduleNaming(IDENTITY.publicKeyId()).verdict().isValid()).isTrue();
    }

    @Test
    void inCertificateModeTheNamedNewSerialAnswersToo() {
        start(Mode.PLATFORM_CERTIFICATE);
        CertificateInfo next = sandbox.rotatePlatformCertificate(OVERLAP);
        assertThat(scheduleNaming(next.serial()).header(Headers.WECHATPAY_SERIAL)).isEqualTo(next.serial());
        assertThat(scheduleNaming(null).header(Headers.WECHATPAY_SERIAL)).isEqualTo(OLD);
    }

    @Test
    void aSecondRotationDropsTheFirstCertificate() {
        start(Mode.PLATFORM_CERTIFICATE);
        CertificateInfo second = sandbox.rotatePlatformCertificate(Duration.ZERO);
        assertThat(sandbox.platformCertificates().signing().serial()).isEqualTo(second.serial());
        CertificateInfo third = sandbox.rotatePlatformCertificate(OVERLAP);
        assertThat(sandbox.platformCertificates().listed()).extracting(CertificateInfo::serial)
                .containsExactly(third.serial(), second.serial());
        assertThat(scheduleNaming(null).header(Headers.WECHATPAY_SERIAL)).isEqualTo(second.serial());

        String body = text(SandboxFixtures.schedule(sandbox.contracts().get(0), "GONE1", 10_000));
        SandboxCaller.Answer named = caller.call("POST", SCHEDULE, body, h -> h.put(Headers.WECHATPAY_SERIAL, OLD));
        assertThat(named.status()).isEqualTo(400);
        assertThat(named.json().at("/detail/field").stringValue()).isEqualTo("Wechatpay-Serial");
        assertThat(sandbox.created("GONE1")).isZero();
    }

    @Test
    void theStateFileWritesTheCertificateThatSignsNow() throws Exception {
        start(Mode.PLATFORM_CERTIFICATE);
        CertificateInfo next = sandbox.rotatePlatformCertificate(OVERLAP);
        Path dir = Files.createTempDirectory("rotation-state");
        String during = SandboxState.write(sandbox, dir.resolve("during.properties")).get("platform_certificate_file");
        assertThat(CertificateInfo.fromPem(Path.of(during)).serial()).isEqualTo(OLD);
        clock.advance(OVERLAP.plusSeconds(1));
        String after = SandboxState.write(sandbox, dir.resolve("after.properties")).get("platform_certificate_file");
        assertThat(CertificateInfo.fromPem(Path.of(after)).serial()).isEqualTo(next.serial());
    }

    @Test
    void aScheduledRotationPublishesNewCertificatesWhileRunning() {
        sandbox = WechatPaySandbox.builder().identity(IDENTITY).mode(Mode.PLATFORM_CERTIFICATE)
                .rotatePlatformCertificateEvery(Duration.ofMillis(200), Duration.ZERO).start();
        caller = new SandboxCaller(sandbox);
        StepVerifier.create(Flux.interval(Duration.ofMillis(20))
                        .map(tick -> sandbox.platformCertificates().signing().serial())
                        .filter(serial -> !serial.equals(OLD)).next())
                .assertNext(serial -> assertThat(sandbox.platformCertificates().listed())
                        .extracting(CertificateInfo::serial).contains(serial))
                .expectComplete()
                .verify(Duration.ofSeconds(20));
        assertThat(caller.get("/v3/certificates").status()).isEqualTo(200);
    }
}
