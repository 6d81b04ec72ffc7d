package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.sandbox.SandboxFixtures.IDENTITY;
import static wechatpay.reactor.sandbox.SandboxFixtures.SCHEDULE;
import static wechatpay.reactor.sandbox.SandboxFixtures.schedule;
import static wechatpay.reactor.sandbox.SandboxFixtures.text;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.Verdict.Kind;
import wechatpay.reactor.sandbox.WechatPaySandbox.Mode;

/** What a client's key ring is tested with: many unknown serials, and certificate downloads that fail on purpose. */
class SandboxKeyRingFaultsTest extends SandboxTestBase {
    private static final String CERTIFICATES = "/v3/certificates";

    @Override
    WechatPaySandbox.Builder builder() {
        return super.builder().mode(Mode.PLATFORM_CERTIFICATE);
    }

    private SandboxCaller.Answer scheduleOne(String id) {
        return caller.post(SCHEDULE, text(schedule(contract, id, 10_000)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PUBLIC_KEY, '^PUB_KEY_ID_01[0-9]{26}$'", "PLATFORM_CERTIFICATE, '^[0-9A-F]{40}$'"})
    void everyUnknownSerialAnswerCarriesAFreshSerialShapedLikeTheRealOne(Mode mode, String shape) {
        sandbox.mode(mode);
        sandbox.faults(FaultRates.NONE.with(Fault.UNKNOWN_SERIAL, 1.0));
        StepVerifier.create(Flux.range(0, 40)
                        .flatMap(i -> caller.callAsync("POST", SCHEDULE, text(schedule(contract, "UNK" + i, 10_000)),
                                h -> { }), 8)
                        .collectList())
                .assertNext(answers -> {
                    assertThat(answers).allSatisfy(a -> {
                        assertThat(a.status()).isEqualTo(200);
                        assertThat(a.verdict().kind()).isEqualTo(Kind.UNKNOWN_SERIAL);
                        assertThat(a.header(Headers.WECHATPAY_SERIAL)).matches(shape);
                    });
                    assertThat(answers.stream().map(a -> a.header(Headers.WECHATPAY_SERIAL)).distinct()).hasSize(40);
                })
                .expectComplete()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void aScriptedCertificateListFaultWaitsForTheNextDownload() {
        sandbox.enqueueCertificateList(Fault.SERVER_ERROR, Fault.RESET_BEFORE);
        assertThat(scheduleOne("KR1").status()).isEqualTo(200);
        assertThat(caller.get(CERTIFICATES).status()).isEqualTo(500);
        StepVerifier.create(caller.callAsync("GET", CERTIFICATES, null, h -> { }))
                .expectError()
                .verify(Duration.ofSeconds(10));
        assertThat(caller.get(CERTIFICATES + "?algorithm_type=RSA").status()).isEqualTo(200);
        assertThat(sandbox.stats().certificateDownloads()).isEqualTo(3);
    }

    @Test
    void certificateListRatesFailEveryDownloadWhileOtherCallsSucceed() {
        sandbox.certificateListFaults(FaultRates.NONE.with(Fault.UNAVAILABLE, 1.0));
        assertThat(sandbox.certificateListFaults().rate(Fault.UNAVAILABLE)).isEqualTo(1.0);
        assertThat(List.of(caller.get(CERTIFICATES).status(), scheduleOne("KR2").status(), caller.get(CERTIFICATES).status()))
                .containsExactly(503, 200, 503);
        sandbox.certificateListFaults(FaultRates.NONE);
        assertThat(caller.get(CERTIFICATES).status()).isEqualTo(200);
    }

    @Test
    void aSpoiledCertificateListIsSignedWrongButStillListsTheCertificate() {
        sandbox.enqueueCertificateList(Fault.FORGE, Fault.UNKNOWN_SERIAL);
        SandboxCaller.Answer forged = caller.get(CERTIFICATES);
        assertThat(forged.status()).isEqualTo(200);
        assertThat(forged.verdict().kind()).isEqualTo(Kind.BAD_SIGNATURE);
        assertThat(forged.json().get("data")).hasSize(1);
        assertThat(caller.get(CERTIFICATES).verdict().kind()).isEqualTo(Kind.UNKNOWN_SERIAL);
        assertThat(caller.get(CERTIFICATES).verdict().isValid()).isTrue();
    }

    @Test
    void theBuilderSetsCertificateListFaultsFromTheStart() {
        try (WechatPaySandbox failing = WechatPaySandbox.builder().identity(IDENTITY).mode(Mode.PLATFORM_CERTIFICATE)
                .certificateListFaults(FaultRates.NONE.with(Fault.SERVER_ERROR, 1.0)).start();
                SandboxCaller c = new SandboxCaller(failing)) {
            assertThat(c.get(CERTIFICATES).status()).isEqualTo(500);
            assertThat(c.post(SCHEDULE, text(schedule(failing.contracts().get(0), "KR3", 10_000))).status())
                    .isEqualTo(200);
        }
    }
}
