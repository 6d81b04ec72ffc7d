package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.sandbox.SandboxFixtures.IDENTITY;
import static wechatpay.reactor.sandbox.SandboxFixtures.SCHEDULE;
import static wechatpay.reactor.sandbox.SandboxFixtures.schedule;
import static wechatpay.reactor.sandbox.SandboxFixtures.text;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.sandbox.WechatPaySandbox.Mode;

/** Switching modes while running, as a merchant migrates: PUBLIC_KEY, then BOTH, then PLATFORM_CERTIFICATE. */
class SandboxModeSwitchTest extends SandboxTestBase {
    private static final String PUBLIC_KEY = IDENTITY.publicKeyId();
    private static final String CERTIFICATE = IDENTITY.platformCertificate().serial();
    private int ids;

    private SandboxCaller.Answer scheduleNaming(String serial) {
        String body = text(schedule(contract, "MODE" + ids++, 10_000));
        return caller.call("POST", SCHEDULE, body, h -> h.put(Headers.WECHATPAY_SERIAL, serial));
    }

    @Test
    void aMigrationSwitchesTheAnsweringKeyFromTheNextRequestOn() {
        assertThat(sandbox.mode()).isEqualTo(Mode.PUBLIC_KEY);
        assertThat(caller.get("/v3/certificates").status()).isEqualTo(404);
        assertThat(scheduleNaming(null).header(Headers.WECHATPAY_SERIAL)).isEqualTo(PUBLIC_KEY);
        assertThat(scheduleNaming(CERTIFICATE).status()).isEqualTo(400);

        sandbox.mode(Mode.BOTH);
        assertThat(sandbox.mode()).isEqualTo(Mode.BOTH);
        assertThat(caller.get("/v3/certificates").status()).isEqualTo(200);
        assertThat(scheduleNaming(null).header(Headers.WECHATPAY_SERIAL)).isEqualTo(PUBLIC_KEY);
        SandboxCaller.Answer byCertificate = scheduleNaming(CERTIFICATE);
        assertThat(byCertificate.header(Headers.WECHATPAY_SERIAL)).isEqualTo(CERTIFICATE);
        assertThat(byCertificate.verdict().isValid()).isTrue();

        sandbox.mode(Mode.PLATFORM_CERTIFICATE);
        SandboxCaller.Answer byDefault = scheduleNaming(null);
        assertThat(byDefault.status()).isEqualTo(200);
        assertThat(byDefault.header(Headers.WECHATPAY_SERIAL)).isEqualTo(CERTIFICATE);
        assertThat(byDefault.verdict().isValid()).isTrue();
        SandboxCaller.Answer byPublicKey = scheduleNaming(PUBLIC_KEY);
        assertThat(byPublicKey.status()).isEqualTo(400);
        assertThat(byPublicKey.json().at("/detail/field").stringValue()).isEqualTo("Wechatpay-Serial");

        sandbox.mode(Mode.PUBLIC_KEY);
        assertThat(caller.get("/v3/certificates").status()).isEqualTo(404);
    }

    @Test
    void switchingUnderConcurrentLoadLeavesEveryAnswerSignedByAKeyOfItsMode() {
        List<Mode> cycle = List.of(Mode.BOTH, Mode.PLATFORM_CERTIFICATE, Mode.PUBLIC_KEY);
        AtomicInteger switches = new AtomicInteger();
        Flux<SandboxCaller.Answer> calls = Flux.range(0, 300)
                .doOnNext(i -> {
                    if (i % 25 == 0) {
                        sandbox.mode(cycle.get(switches.getAndIncrement() % cycle.size()));
                    }
                })
                .flatMap(i -> caller.callAsync("POST", SCHEDULE, text(schedule(contract, "LOAD" + i, 10_000)), h -> { }),
                        16);
        StepVerifier.create(calls.collectList())
                .assertNext(answers -> {
                    assertThat(answers).hasSize(300).allSatisfy(a -> {
                        assertThat(a.status()).as(a.text()).isEqualTo(200);
                        assertThat(a.verdict().isValid()).isTrue();
                    });
                    Set<String> serials = answers.stream().map(a -> a.header(Headers.WECHATPAY_SERIAL))
                            .collect(Collectors.toSet());
                    assertThat(serials).containsExactlyInAnyOrder(PUBLIC_KEY, CERTIFICATE);
                })
                .expectComplete()
                .verify(Duration.ofSeconds(60));
    }
}
