package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.sandbox.SandboxFixtures.IDENTITY;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.internal.Certificates;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.Oaep;
import wechatpay.reactor.sandbox.WechatPaySandbox.Mode;

/** POST /v3/security/echo over HTTP: the echo, the encrypted echo, refusals naming the field, the callback. */
class SandboxSecurityEchoTest extends SandboxTestBase {
    private static final String ECHO = "/v3/security/echo";
    private static final String MESSAGE = "自检 self-test 42";

    @Override
    WechatPaySandbox.Builder builder() {
        return super.builder().mode(Mode.BOTH);
    }

    private static ObjectNode body(String message) {
        return JsonNodeFactory.instance.objectNode().put("echo_message", message);
    }

    private static String sealed(PublicKey key, String text) {
        return Oaep.encrypt(key, text.getBytes(StandardCharsets.UTF_8));
    }

    private SandboxCaller.Answer echo(ObjectNode body, String serial) {
        return caller.call("POST", ECHO, SandboxFixtures.text(body), h -> h.put(Headers.WECHATPAY_SERIAL, serial));
    }

    @Test
    void thePlainEchoAnswersTheSameTextSigned() {
        SandboxCaller.Answer a = echo(body(MESSAGE), null);
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        assertThat(a.verdict().isValid()).isTrue();
        assertThat(a.header(Headers.WECHATPAY_SERIAL)).isEqualTo(IDENTITY.publicKeyId());
        assertThat(a.json().get("echo_message").stringValue()).isEqualTo(MESSAGE);
        assertThat(a.json().has("decrypted_echo_message")).isFalse();
    }

    @Test
    void anEncryptedEchoIsDecryptedWithTheKeyTheSerialNames() {
        SandboxCaller.Answer byPublicKey = echo(body(MESSAGE).put("encrypted_echo_message",
                sealed(IDENTITY.wechatPayKeys().getPublic(), "sealed for the public key")), IDENTITY.publicKeyId());
        assertThat(byPublicKey.status()).as(byPublicKey.text()).isEqualTo(200);
        assertThat(byPublicKey.json().get("decrypted_echo_message").stringValue()).isEqualTo("sealed for the public key");
        assertThat(byPublicKey.json().get("echo_message").stringValue()).isEqualTo(MESSAGE);

        String certificate = IDENTITY.platformCertificate().serial();
        SandboxCaller.Answer byCertificate = echo(body(MESSAGE).put("encrypted_echo_message",
                sealed(IDENTITY.platformCertificate().publicKey(), "证书加密")), certificate);
        assertThat(byCertificate.status()).as(byCertificate.text()).isEqualTo(200);
        assertThat(byCertificate.json().get("decrypted_echo_message").stringValue()).isEqualTo("证书加密");
        assertThat(byCertificate.header(Headers.WECHATPAY_SERIAL)).isEqualTo(certificate);
        assertThat(byCertificate.verdict().isValid()).isTrue();
    }

    @Test
    void aCiphertextForAnotherKeyIsRefusedNamingTheFieldNeverShowingIt() {
        String foreign = sealed(Certificates.rsaKeyPair(2048).getPublic(), "not for the sandbox");
        SandboxCaller.Answer a = echo(body(MESSAGE).put("encrypted_echo_message", foreign), IDENTITY.publicKeyId());
        assertParamError(a, "/encrypted_echo_message", "does not decrypt");
        assertThat(a.json().at("/detail").has("value")).isFalse();
        assertThat(a.text()).doesNotContain(foreign.substring(0, 24));

        // Sealed for the certificate, but the serial names the public key: the wrong private key, the same refusal.
        String forCertificate = sealed(IDENTITY.platformCertificate().publicKey(), "x");
        assertParamError(echo(body(MESSAGE).put("encrypted_echo_message", forCertificate), IDENTITY.publicKeyId()),
                "/encrypted_echo_message", "does not decrypt");
        assertParamError(echo(body(MESSAGE).put("encrypted_echo_message", "not base64!"), IDENTITY.publicKeyId()),
                "/encrypted_echo_message", "does not decrypt");
    }

    @Test
    void theBodyIsValidatedLikeTheOtherEndpoints() {
        assertParamError(echo(JsonNodeFactory.instance.objectNode(), null), "/echo_message", "is required");
        assertParamError(echo(body(""), null), "/echo_message", "must not be empty");
        assertParamError(echo(body("x".repeat(1025)), null), "/echo_message", "at most 1024");
        assertThat(echo(body("x".repeat(1024)), null).status()).isEqualTo(200);
        assertParamError(echo(body(MESSAGE).put("notify_url", "http://merchant.example/echo"), null), "/notify_url",
                "https");
        SandboxCaller.Answer noSerial = echo(body(MESSAGE).put("encrypted_echo_message",
                sealed(IDENTITY.wechatPayKeys().getPublic(), "x")), null);
        assertParamError(noSerial, "Wechatpay-Serial", "required with encrypted fields");
        SandboxCaller.Answer get = caller.get(ECHO);
        assertThat(get.status()).isEqualTo(400);
        assertThat(get.json().get("code").stringValue()).isEqualTo("INVALID_REQUEST");
    }

    @Test
    void anUnsignedEchoStopsAtTheGate() {
        SandboxCaller.Answer a = caller.call("POST", ECHO, SandboxFixtures.text(body(MESSAGE)),
                h -> h.remove(Headers.AUTHORIZATION));
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.json().get("code").stringValue()).isEqualTo("SIGN_ERROR");
    }

    @Test
    void aNotifyUrlGetsASignedSealedSecurityEchoSuccess() {
        try (CallbackCatcher catcher = new CallbackCatcher(IDENTITY)) {
            SandboxCaller.Answer a = echo(body(MESSAGE).put("notify_url", catcher.url("/notify/echo")), null);
            assertThat(a.status()).as(a.text()).isEqualTo(200);
            StepVerifier.create(catcher.callbacks().next())
                    .assertNext(c -> {
                        assertThat(c.path()).isEqualTo("/notify/echo");
                        assertThat(c.eventType()).isEqualTo("SECURITY_ECHO.SUCCESS");
                        assertThat(c.verdict().isValid()).isTrue();
                        assertThat(c.envelope().at("/resource/associated_data").stringValue()).isEqualTo("security_echo");
                        assertThat(c.plaintext().get("echo_message").stringValue()).isEqualTo(MESSAGE);
                        assertThat(c.plaintext().get("mchid").stringValue()).isEqualTo(IDENTITY.mchid());
                    })
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));
        }
    }

    private static void assertParamError(SandboxCaller.Answer a, String field, String issue) {
        assertThat(a.status()).as(a.text()).isEqualTo(400);
        JsonNode json = a.json();
        assertThat(json.get("code").stringValue()).isEqualTo("PARAM_ERROR");
        assertThat(json.at("/detail/field").stringValue()).isEqualTo(field);
        assertThat(json.get("message").stringValue()).contains(issue);
        assertThat(a.verdict().isValid()).isTrue();
    }
}
