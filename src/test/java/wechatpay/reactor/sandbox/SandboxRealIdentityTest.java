package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.sandbox.SandboxFixtures.APP_PRESIGN;
import static wechatpay.reactor.sandbox.SandboxFixtures.ID_NUMBER;
import static wechatpay.reactor.sandbox.SandboxFixtures.IDENTITY;
import static wechatpay.reactor.sandbox.SandboxFixtures.REAL_NAME;
import static wechatpay.reactor.sandbox.SandboxFixtures.presign;
import static wechatpay.reactor.sandbox.SandboxFixtures.text;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.Oaep;
import wechatpay.reactor.sandbox.WechatPaySandbox.Mode;

/** A presign's real_identity is decrypted with the private half of the key Wechatpay-Serial names. */
class SandboxRealIdentityTest {
    private static final String NOTIFY = "https://merchant.example/notify";
    private static final PublicKey WECHATPAY = IDENTITY.wechatPayKeys().getPublic();
    private static final PublicKey OTHER = IDENTITY.merchantKeys().getPublic();

    @Test
    void aCiphertextForThePublicKeyIsDecryptedAndOnlyAMaskedTailIsKept() {
        try (WechatPaySandbox sandbox = start(Mode.PUBLIC_KEY); SandboxCaller caller = new SandboxCaller(sandbox)) {
            SandboxCaller.Answer a = post(caller, presign("RID1", WECHATPAY, NOTIFY), IDENTITY.publicKeyId());

            assertThat(a.status()).isEqualTo(200);
            assertThat(a.json().get("presign_token").stringValue()).isNotBlank();
            assertThat(sandbox.stats().decryptedIdentities()).isEqualTo(1);
            assertThat(sandbox.stats().lastMaskedIdentityId()).isEqualTo("****002X");
            assertThat(sandbox.stats().toString()).doesNotContain(ID_NUMBER).doesNotContain("002X");
            assertThat(sandbox.contracts()).extracting(Contract::outContractCode).contains("RID1");
            assertThat(sandbox.contracts().toString()).doesNotContain(ID_NUMBER).doesNotContain(REAL_NAME);
        }
    }

    @Test
    void inCertificateModeTheCertificatesKeyOpensIt() {
        try (WechatPaySandbox sandbox = start(Mode.PLATFORM_CERTIFICATE); SandboxCaller caller = new SandboxCaller(sandbox)) {
            String serial = IDENTITY.platformCertificate().serial();
            SandboxCaller.Answer a = post(caller, presign("RIDCERT1", IDENTITY.platformCertificate().publicKey(), NOTIFY),
                    serial);
            assertThat(a.status()).isEqualTo(200);
            assertThat(sandbox.stats().decryptedIdentities()).isEqualTo(1);

            SandboxCaller.Answer wrong = post(caller, presign("RIDCERT2", WECHATPAY, NOTIFY), serial);
            assertRefused(wrong, "/real_identity/identity_id", "does not decrypt");
        }
    }

    @Test
    void inMigrationModeTheNamedKeyDecidesNotTheOtherOne() {
        try (WechatPaySandbox sandbox = start(Mode.BOTH); SandboxCaller caller = new SandboxCaller(sandbox)) {
            SandboxCaller.Answer named = post(caller, presign("RIDBOTH1", WECHATPAY, NOTIFY),
                    IDENTITY.platformCertificate().serial());
            assertRefused(named, "/real_identity/identity_id", "does not decrypt");
            assertThat(post(caller, presign("RIDBOTH1", WECHATPAY, NOTIFY), IDENTITY.publicKeyId()).status())
                    .isEqualTo(200);
        }
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("wrong key", edit("identity_id", seal(OTHER, ID_NUMBER)), "/real_identity/identity_id",
                        "does not decrypt"),
                Arguments.of("name under the wrong key", edit("real_name", seal(OTHER, REAL_NAME)),
                        "/real_identity/real_name", "does not decrypt"),
                Arguments.of("altered", (UnaryOperator<ObjectNode>) id -> id.put("identity_id",
                        flip(id.get("identity_id").stringValue())), "/real_identity/identity_id", "does not decrypt"),
                Arguments.of("not Base64", edit("identity_id", "not*base64"), "/real_identity/identity_id",
                        "does not decrypt"),
                Arguments.of("plaintext sent", edit("real_name", REAL_NAME), "/real_identity/real_name",
                        "does not decrypt"),
                Arguments.of("too long", edit("identity_id", "A".repeat(513)), "/real_identity/identity_id",
                        "at most 512 characters"),
                Arguments.of("empty plaintext", edit("identity_id", seal(WECHATPAY, "")), "/real_identity/identity_id",
                        "decrypts to nothing"),
                Arguments.of("undocumented type", edit("identity_type", "IDCARD"), "/real_identity/identity_type",
                        "REAL_IDENTITY_TYPE_ID_CARD"),
                Arguments.of("no name", (UnaryOperator<ObjectNode>) id -> {
                    id.remove("real_name");
                    return id;
                },
                        "/real_identity/real_name", "is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void aBrokenIdentityIsParamErrorNamingTheFieldAndShowingNoSecret(String what, UnaryOperator<ObjectNode> edit,
            String field, String issue) {
        try (WechatPaySandbox sandbox = start(Mode.PUBLIC_KEY); SandboxCaller caller = new SandboxCaller(sandbox)) {
            ObjectNode body = presign("RIDBAD1", WECHATPAY, NOTIFY);
            edit.apply((ObjectNode) body.get("real_identity"));

            SandboxCaller.Answer a = post(caller, body, IDENTITY.publicKeyId());

            assertRefused(a, field, issue);
            assertThat(a.text()).doesNotContain(ID_NUMBER).doesNotContain(REAL_NAME).doesNotContain("not*base64");
            for (JsonNode sealed : body.get("real_identity").values()) {
                if (sealed.stringValue().length() > 20) {
                    assertThat(a.text()).doesNotContain(sealed.stringValue());
                }
            }
            assertThat(sandbox.contracts()).extracting(Contract::outContractCode).doesNotContain("RIDBAD1");
            assertThat(sandbox.stats().decryptedIdentities()).isZero();
            assertThat(sandbox.stats().lastMaskedIdentityId()).isNull();
        }
    }

    @Test
    void aPresignTheLedgerRefusesCountsNoDecryptedIdentity() {
        try (WechatPaySandbox sandbox = start(Mode.PUBLIC_KEY); SandboxCaller caller = new SandboxCaller(sandbox)) {
            assertThat(post(caller, presign("RIDTWICE", WECHATPAY, NOTIFY), IDENTITY.publicKeyId()).status())
                    .isEqualTo(200);
            SandboxCaller.Answer again = post(caller, presign("RIDTWICE", WECHATPAY, NOTIFY), IDENTITY.publicKeyId());
            assertThat(again.json().get("message").stringValue()).contains("never reusable");
            assertThat(sandbox.stats().decryptedIdentities()).isEqualTo(1);
        }
    }

    private static WechatPaySandbox start(Mode mode) {
        return WechatPaySandbox.builder().identity(IDENTITY).mode(mode).start();
    }

    private static SandboxCaller.Answer post(SandboxCaller caller, ObjectNode body, String serial) {
        return caller.call("POST", APP_PRESIGN, text(body), h -> h.put(Headers.WECHATPAY_SERIAL, serial));
    }

    private static void assertRefused(SandboxCaller.Answer a, String field, String issue) {
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("code").stringValue()).isEqualTo("PARAM_ERROR");
        assertThat(a.json().at("/detail/field").stringValue()).isEqualTo(field);
        assertThat(a.json().at("/detail/location").stringValue()).isEqualTo("body");
        assertThat(a.json().get("message").stringValue()).contains(issue);
    }

    private static UnaryOperator<ObjectNode> edit(String name, String value) {
        return identity -> identity.put(name, value);
    }

    private static String seal(PublicKey key, String plaintext) {
        return Oaep.encrypt(key, plaintext.getBytes(StandardCharsets.UTF_8));
    }

    /** The ciphertext with one Base64 character changed: still Base64, no longer what was sealed. */
    private static String flip(String base64) {
        char c = base64.charAt(10);
        return base64.substring(0, 10) + (c == 'A' ? 'B' : 'A') + base64.substring(11);
    }
}
