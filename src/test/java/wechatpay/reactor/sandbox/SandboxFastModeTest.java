package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.sandbox.SandboxFixtures.IDENTITY;
import static wechatpay.reactor.sandbox.SandboxFixtures.SCHEDULE;
import static wechatpay.reactor.sandbox.SandboxFixtures.schedule;
import static wechatpay.reactor.sandbox.SandboxFixtures.text;

import org.junit.jupiter.api.Test;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.Verdict.Kind;

/** Benchmark mode: identical answers reuse a still-valid signature; everything else is signed afresh. */
class SandboxFastModeTest {

    @Test
    void anIdenticalAnswerReusesItsValidSignatureAndOthersAreSignedAnew() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).fastAnswers(true).start();
                SandboxCaller caller = new SandboxCaller(sandbox)) {
            String body = text(schedule(sandbox.contracts().get(0), "FAST1", 10_000));
            SandboxCaller.Answer first = caller.post(SCHEDULE, body);
            SandboxCaller.Answer again = caller.post(SCHEDULE, body);
            assertThat(first.verdict().kind()).isEqualTo(Kind.VALID);
            assertThat(again.verdict().kind()).isEqualTo(Kind.VALID);
            assertThat(again.body()).isEqualTo(first.body());
            assertThat(again.header(Headers.WECHATPAY_SIGNATURE)).isEqualTo(first.header(Headers.WECHATPAY_SIGNATURE));
            assertThat(again.header(Headers.REQUEST_ID)).isNotEqualTo(first.header(Headers.REQUEST_ID));

            SandboxCaller.Answer other = caller.post(SCHEDULE, text(schedule(sandbox.contracts().get(0), "FAST2", 10_000)));
            assertThat(other.verdict().kind()).isEqualTo(Kind.VALID);
            assertThat(other.header(Headers.WECHATPAY_SIGNATURE)).isNotEqualTo(first.header(Headers.WECHATPAY_SIGNATURE));

            sandbox.enqueue(Fault.FORGE);
            assertThat(caller.post(SCHEDULE, body).verdict().kind()).isEqualTo(Kind.BAD_SIGNATURE);
            assertThat(caller.post(SCHEDULE, body).verdict().kind()).isEqualTo(Kind.VALID);
        }
    }

    @Test
    void withoutFastModeEveryAnswerIsSignedAnew() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
                SandboxCaller caller = new SandboxCaller(sandbox)) {
            String body = text(schedule(sandbox.contracts().get(0), "SLOW1", 10_000));
            assertThat(caller.post(SCHEDULE, body).header(Headers.WECHATPAY_NONCE))
                    .isNotEqualTo(caller.post(SCHEDULE, body).header(Headers.WECHATPAY_NONCE));
        }
    }
}
