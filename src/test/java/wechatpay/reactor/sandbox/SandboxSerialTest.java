package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.sandbox.SandboxFixtures.IDENTITY;
import static wechatpay.reactor.sandbox.SandboxFixtures.PARTNER;
import static wechatpay.reactor.sandbox.SandboxFixtures.SCHEDULE;
import static wechatpay.reactor.sandbox.SandboxFixtures.schedule;
import static wechatpay.reactor.sandbox.SandboxFixtures.text;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.sandbox.WechatPaySandbox.Mode;

/** The request's Wechatpay-Serial: absent is fine, else it must name a key the sandbox holds in its mode. */
class SandboxSerialTest {
    private static final String PUBLIC_KEY = IDENTITY.publicKeyId();
    private static final String CERTIFICATE = IDENTITY.platformCertificate().serial();

    static Stream<Arguments> modes() {
        return Stream.of(
                Arguments.of(Mode.PUBLIC_KEY, List.of(PUBLIC_KEY), List.of(CERTIFICATE, "PUB_KEY_ID_0000"),
                        "WeChat Pay public key id"),
                Arguments.of(Mode.PLATFORM_CERTIFICATE, List.of(CERTIFICATE), List.of(PUBLIC_KEY, "ABCDEF"),
                        "platform certificate"),
                Arguments.of(Mode.BOTH, List.of(PUBLIC_KEY, CERTIFICATE), List.of("ABCDEF", "PUB_KEY_ID_0000"),
                        "public key id or the serial of its platform certificate"));
    }

    private static WechatPaySandbox start(Mode mode) {
        return WechatPaySandbox.builder().identity(IDENTITY).mode(mode).start();
    }

    private static SandboxCaller.Answer scheduleWith(SandboxCaller caller, WechatPaySandbox sandbox, String id,
            String serial) {
        return caller.call("POST", SCHEDULE, text(schedule(sandbox.contracts().get(0), id, 10_000)),
                h -> h.put(Headers.WECHATPAY_SERIAL, serial));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void aHeldSerialOrNoneIsServedAnotherIsParamErrorBeforeActing(Mode mode, List<String> held, List<String> wrong,
            String rule) {
        try (WechatPaySandbox sandbox = start(mode); SandboxCaller caller = new SandboxCaller(sandbox)) {
            for (String serial : held) {
                SandboxCaller.Answer a = scheduleWith(caller, sandbox, "OK" + held.indexOf(serial), serial);
                assertThat(a.status()).as(serial).isEqualTo(200);
                assertThat(a.verdict().isValid()).isTrue();
                assertThat(a.header(Headers.WECHATPAY_SERIAL)).isEqualTo(serial);
            }
            assertThat(scheduleWith(caller, sandbox, "NONE", null).status()).isEqualTo(200);
            for (String serial : wrong) {
                String id = "BAD" + wrong.indexOf(serial);
                SandboxCaller.Answer a = scheduleWith(caller, sandbox, id, serial);
                assertThat(a.status()).as(serial).isEqualTo(400);
                JsonNode json = a.json();
                assertThat(json.get("code").stringValue()).isEqualTo("PARAM_ERROR");
                assertThat(json.at("/detail/location").stringValue()).isEqualTo("header");
                assertThat(json.at("/detail/field").stringValue()).isEqualTo("Wechatpay-Serial");
                assertThat(json.get("message").stringValue()).contains("Wechatpay-Serial must name", rule);
                assertThat(a.verdict().isValid()).isTrue();
                assertThat(sandbox.created(id)).isZero();
            }
        }
    }

    // The official SDK's certificate downloader sends Wechatpay-Serial: "" (its validator names no key).
    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void aBlankSerialCountsAsAbsent(Mode mode) {
        try (WechatPaySandbox sandbox = start(mode); SandboxCaller caller = new SandboxCaller(sandbox)) {
            SandboxCaller.Answer a = scheduleWith(caller, sandbox, "BLANK", "");
            assertThat(a.status()).as(a.text()).isEqualTo(200);
            assertThat(a.header(Headers.WECHATPAY_SERIAL)).isEqualTo(mode == Mode.PLATFORM_CERTIFICATE ? CERTIFICATE
                    : PUBLIC_KEY);
        }
    }

    @Test
    void aRefusedSerialDoesNotUseUpAScriptedFault() {
        try (WechatPaySandbox sandbox = start(Mode.PUBLIC_KEY); SandboxCaller caller = new SandboxCaller(sandbox)) {
            sandbox.enqueue(Fault.SERVER_ERROR);
            assertThat(scheduleWith(caller, sandbox, "Q1", CERTIFICATE).status()).isEqualTo(400);
            assertThat(scheduleWith(caller, sandbox, "Q1", PUBLIC_KEY).status()).isEqualTo(500);
            assertThat(scheduleWith(caller, sandbox, "Q1", PUBLIC_KEY).status()).isEqualTo(200);
        }
    }

    @Test
    void encryptedFieldsStillRequireTheHeader() {
        ObjectNode presign = SandboxFixtures.presign("SERIAL1", IDENTITY.wechatPayKeys().getPublic(),
                "https://merchant.example/notify");
        String path = PARTNER + "/contracts/app-presign";
        try (WechatPaySandbox sandbox = start(Mode.PUBLIC_KEY); SandboxCaller caller = new SandboxCaller(sandbox)) {
            SandboxCaller.Answer without = caller.post(path, text(presign));
            assertThat(without.status()).isEqualTo(400);
            assertThat(without.json().get("code").stringValue()).isEqualTo("PARAM_ERROR");
            assertThat(without.json().at("/detail/field").stringValue()).isEqualTo("Wechatpay-Serial");
            assertThat(without.json().get("message").stringValue()).contains("required with encrypted fields");
            SandboxCaller.Answer with = caller.call("POST", path, text(presign),
                    h -> h.put(Headers.WECHATPAY_SERIAL, PUBLIC_KEY));
            assertThat(with.status()).isEqualTo(200);
            assertThat(with.json().get("presign_token").stringValue()).isNotBlank();
        }
    }
}
