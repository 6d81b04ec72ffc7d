package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.sandbox.SandboxFixtures.DEDUCT;
import static wechatpay.reactor.sandbox.SandboxFixtures.IDENTITY;
import static wechatpay.reactor.sandbox.SandboxFixtures.SCHEDULE;
import static wechatpay.reactor.sandbox.SandboxFixtures.deduct;
import static wechatpay.reactor.sandbox.SandboxFixtures.schedule;
import static wechatpay.reactor.sandbox.SandboxFixtures.text;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** A repeated out_record_id or out_trade_no over HTTP, in both {@link Repeats} modes. */
class SandboxRepeatsTest {
    private static final String NOWHERE = "http://127.0.0.1:9/notify";

    private static WechatPaySandbox start(Repeats repeats) {
        return WechatPaySandbox.builder().identity(IDENTITY).repeats(repeats).callbacks(1, Duration.ofMillis(10))
                .start();
    }

    private static void assertRepeatAnswer(SandboxCaller.Answer first, SandboxCaller.Answer again, Repeats repeats,
            String key) {
        assertThat(again.verdict().isValid()).isTrue();
        if (repeats == Repeats.ANSWER_STORED) {
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json()).isEqualTo(first.json());
        } else {
            assertThat(again.status()).isEqualTo(400);
            assertThat(again.json().get("code").stringValue()).isEqualTo("INVALID_REQUEST");
            assertThat(again.json().get("message").stringValue()).contains(key, "has already been used");
        }
    }

    private static void assertDifferentContentRefused(SandboxCaller.Answer changed) {
        assertThat(changed.status()).isEqualTo(400);
        JsonNode json = changed.json();
        assertThat(json.get("code").stringValue()).isEqualTo("INVALID_REQUEST");
        assertThat(json.get("message").stringValue()).contains("different content");
    }

    @ParameterizedTest
    @EnumSource(Repeats.class)
    void aRepeatedScheduleCreatesNothingAndAnswersAsTheModeSays(Repeats repeats) {
        try (WechatPaySandbox sandbox = start(repeats); SandboxCaller caller = new SandboxCaller(sandbox)) {
            String body = text(schedule(sandbox.contracts().get(0), "RP1", 10_000));
            SandboxCaller.Answer first = caller.post(SCHEDULE, body);
            assertThat(first.status()).isEqualTo(200);
            assertRepeatAnswer(first, caller.post(SCHEDULE, body), repeats, "out_record_id RP1");
            assertDifferentContentRefused(caller.post(SCHEDULE, text(schedule(sandbox.contracts().get(0), "RP1", 10_001))));
            assertThat(sandbox.created("RP1")).isEqualTo(1);
            assertThat(sandbox.accepted("RP1")).isEqualTo(repeats == Repeats.ANSWER_STORED ? 2 : 1);
            assertThat(sandbox.totalRecords()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Repeats.class)
    void aRepeatedDeductOrderPaysOnceAndAnswersAsTheModeSays(Repeats repeats) {
        try (WechatPaySandbox sandbox = start(repeats); SandboxCaller caller = new SandboxCaller(sandbox)) {
            Contract contract = sandbox.contracts().get(0);
            assertThat(caller.post(SCHEDULE, text(schedule(contract, "RP2", 10_000))).status()).isEqualTo(200);
            String body = text(deduct(contract, "RPT2", "RP2", 8_000, NOWHERE));
            SandboxCaller.Answer first = caller.post(DEDUCT, body);
            assertThat(first.status()).isEqualTo(200);
            assertRepeatAnswer(first, caller.post(DEDUCT, body), repeats, "out_trade_no RPT2");
            assertDifferentContentRefused(caller.post(DEDUCT, text(deduct(contract, "RPT2", "RP2", 9_000, NOWHERE))));
            SandboxCaller.Answer queried = caller.get(DEDUCT + "/RPT2");
            assertThat(queried.json()).isEqualTo(first.json());
        }
    }
}
