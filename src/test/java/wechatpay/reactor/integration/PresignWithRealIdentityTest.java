package wechatpay.reactor.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.integration.Sandboxed.IDENTITY;
import static wechatpay.reactor.integration.Sandboxed.client;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.ApiResponse;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.WechatPayServiceException;
import wechatpay.reactor.internal.Oaep;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/**
 * H5 presign with {@code real_identity} through {@code chain()}: the identity is RSA-OAEP encrypted for the WeChat
 * Pay key the client trusts, and the request names that key in {@code Wechatpay-Serial} (by default, or per call).
 */
class PresignWithRealIdentityTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String H5_PRESIGN = "v3/credit-repayment/partner/contracts/h5-presign";

    private static Map<String, Object> body(String code, PublicKey key) {
        return Map.of("appid", "wxd678efh567hg6787", "plan_id", "CONSUMER_LOAN_PLAN", "out_contract_code", code,
                "display_name", "***S", "contract_notify_url", "https://merchant.example/notify",
                "repayment_amount_limit", "5000000", "jump_info", Map.of("jump_appid", "wxd678efh567hg6787"),
                "real_identity", Map.of("identity_type", "IDCARD",
                        "identity_id", Oaep.encrypt(key, "110101199003070000".getBytes(StandardCharsets.UTF_8)),
                        "real_name", Oaep.encrypt(key, "张三".getBytes(StandardCharsets.UTF_8))));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = WechatPaySandbox.Mode.class, names = {"PUBLIC_KEY", "PLATFORM_CERTIFICATE"})
    void presignWithAnEncryptedIdentityNamesTheTrustedKey(WechatPaySandbox.Mode mode) {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).mode(mode).start();
                WechatPayClient client = client(sandbox).build()) {
            boolean certificate = mode == WechatPaySandbox.Mode.PLATFORM_CERTIFICATE;
            PublicKey key = certificate ? IDENTITY.platformCertificate().publicKey() : IDENTITY.wechatPayKeys().getPublic();
            String serial = certificate ? IDENTITY.platformCertificate().serial() : IDENTITY.publicKeyId();
            // The sandbox refuses real_identity without a Wechatpay-Serial, and one naming a key it does not hold:
            // the default header must name the trusted key.
            ApiResponse<JsonNode> byDefault = client.chain(H5_PRESIGN).post(body("PRESIGN1", key)).block(TIMEOUT);
            assertThat(byDefault.body().path("redirect_url").stringValue()).startsWith("https://");
            ApiResponse<JsonNode> named = client.chain(H5_PRESIGN).header("Wechatpay-Serial", serial)
                    .post(body("PRESIGN2", key)).block(TIMEOUT);
            assertThat(named.status()).isEqualTo(200);
            assertThat(sandbox.contracts()).extracting(c -> c.outContractCode()).contains("PRESIGN1", "PRESIGN2");
        }
    }

    @Test
    void aSerialTheSandboxDoesNotHoldIsRefusedAndNothingIsCreated() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
                WechatPayClient client = client(sandbox).build()) {
            StepVerifier.create(client.chain(H5_PRESIGN).header("Wechatpay-Serial", "PUB_KEY_ID_0000000000000000000000000000")
                            .post(body("PRESIGN3", IDENTITY.wechatPayKeys().getPublic())))
                    .expectErrorSatisfies(e -> {
                        WechatPayServiceException s = (WechatPayServiceException) e;
                        assertThat(s.status()).isEqualTo(400);
                        assertThat(s.code()).isEqualTo("PARAM_ERROR");
                        assertThat(s.field()).isEqualTo("Wechatpay-Serial");
                    })
                    .verify(TIMEOUT);
            assertThat(sandbox.contracts()).extracting(c -> c.outContractCode()).doesNotContain("PRESIGN3");
        }
    }
}
