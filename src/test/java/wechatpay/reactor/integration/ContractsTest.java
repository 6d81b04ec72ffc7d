package wechatpay.reactor.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.integration.Sandboxed.IDENTITY;
import static wechatpay.reactor.integration.Sandboxed.client;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.WechatPayServiceException;
import wechatpay.reactor.creditrepayment.Contract;
import wechatpay.reactor.creditrepayment.ContractState;
import wechatpay.reactor.creditrepayment.Contracts;
import wechatpay.reactor.creditrepayment.Presign;
import wechatpay.reactor.creditrepayment.RealIdentity;
import wechatpay.reactor.creditrepayment.TerminationMode;
import wechatpay.reactor.internal.Oaep;
import wechatpay.reactor.sandbox.Fault;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/**
 * Contracts against the real sandbox: APP and H5 presign with the identity encrypted for the key the request
 * names (read off the wire by a relay), the query before and after the user signs, and terminate, also when its
 * answer is lost.
 */
class ContractsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ID_NUMBER = "110101199003070000";
    private static final String NAME = "张三";

    static Presign.Builder presign(String code) {
        return Presign.builder().appid("wxd678efh567hg6787").planId("CONSUMER_LOAN_PLAN").outContractCode(code)
                .displayName("***S").contractNotifyUrl("https://merchant.example/credit-repayment/contracts")
                .repaymentAmountLimit(5_000_000).repaymentDay(5);
    }

    private static String opened(JsonNode identity, String field, PrivateKey key) {
        return new String(Oaep.decrypt(key, identity.get(field).stringValue()), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = WechatPaySandbox.Mode.class, names = {"PUBLIC_KEY", "PLATFORM_CERTIFICATE"})
    void presignEncryptsTheIdentityForTheKeyItNamesAndNothingElseShowsIt(WechatPaySandbox.Mode mode) {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).mode(mode).start();
                RecordingRelay relay = new RecordingRelay(sandbox.baseUrl());
                WechatPayClient client = client(sandbox).baseUrl(relay.baseUrl()).build()) {
            Contracts contracts = client.creditRepayment().contracts();
            RealIdentity identity = RealIdentity.idCard(ID_NUMBER, NAME);

            Contracts.AppPresigned app = contracts.appPresign(presign("APP1").realIdentity(identity).build())
                    .block(TIMEOUT);
            Contracts.H5Presigned h5 = contracts.h5Presign(presign("H51").realIdentity(identity)
                    .jumpAppid("wxd678efh567hg6787").build()).block(TIMEOUT);
            assertThat(app.presignToken()).isNotEmpty();
            assertThat(h5.redirectUrl()).startsWith("https://");

            boolean certificate = mode == WechatPaySandbox.Mode.PLATFORM_CERTIFICATE;
            String serial = certificate ? IDENTITY.platformCertificate().serial() : IDENTITY.publicKeyId();
            PrivateKey key = certificate ? IDENTITY.platformKeys().getPrivate() : IDENTITY.wechatPayKeys().getPrivate();
            assertThat(relay.seen).hasSize(2).allSatisfy(r -> {
                assertThat(r.header("Wechatpay-Serial")).containsExactly(serial);
                String body = new String(r.body(), StandardCharsets.UTF_8);
                assertThat(body).doesNotContain(ID_NUMBER).doesNotContain(NAME);
                JsonNode sealed = JSON.readTree(r.body()).get("real_identity");
                assertThat(sealed.get("identity_type").stringValue()).isEqualTo("REAL_IDENTITY_TYPE_ID_CARD");
                assertThat(opened(sealed, "identity_id", key)).isEqualTo(ID_NUMBER);
                assertThat(opened(sealed, "real_name", key)).isEqualTo(NAME);
            });
            assertThat(identity.toString()).doesNotContain(ID_NUMBER).doesNotContain(NAME);
        }
    }

    @Test
    void aContractIsQueriedBeforeAndAfterSigningAndTerminatedByTheMerchant() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
                WechatPayClient client = client(sandbox).build()) {
            Contracts contracts = client.creditRepayment().contracts();
            contracts.appPresign(presign("LIFE1").build()).block(TIMEOUT);

            Contract presigned = contracts.get("LIFE1").block(TIMEOUT);
            assertThat(presigned.state()).isEqualTo(ContractState.INVALID);
            assertThat(presigned.contractId()).isEmpty();
            assertThat(presigned.displayName()).isEqualTo("***S");
            assertThat(presigned.repaymentAmountLimit()).isEqualTo(5_000_000);

            sandbox.signContract("LIFE1");
            Contract signed = contracts.get("LIFE1").block(TIMEOUT);
            assertThat(signed.state()).isEqualTo(ContractState.EFFECTIVE);
            assertThat(signed.contractId()).isNotEmpty();
            assertThat(signed.signedTime()).isNotEmpty();
            assertThat(signed.openid()).isNotEmpty();

            Contract ended = contracts.terminate("LIFE1", "the loan is repaid").block(TIMEOUT);
            assertThat(ended.state()).isEqualTo(ContractState.TERMINATED);
            assertThat(ended.terminationMode()).contains(TerminationMode.BY_MERCHANT);
            assertThat(ended.terminationRemark()).contains("the loan is repaid");
            assertThat(ended.contractId()).isEqualTo(signed.contractId());
            assertThat(contracts.get("LIFE1").block(TIMEOUT).state()).isEqualTo(ContractState.TERMINATED);
        }
    }

    @Test
    void aTerminateWhoseAnswerIsLostIsSettledByTheQuery() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
                WechatPayClient client = client(sandbox).build()) {
            Contracts contracts = client.creditRepayment().contracts();
            contracts.appPresign(presign("LOST1").build()).block(TIMEOUT);
            sandbox.signContract("LOST1");
            sandbox.enqueue(Fault.RESET_AFTER);

            Contract ended = contracts.terminate("LOST1", "repaid").block(TIMEOUT);
            assertThat(ended.state()).isEqualTo(ContractState.TERMINATED);
            assertThat(sandbox.stats().recentRequests()).extracting(r -> r.method() + " " + r.uri())
                    .endsWith("POST /v3/credit-repayment/partner/contracts/terminate",
                            "GET /v3/credit-repayment/partner/contracts/LOST1");
        }
    }

    @Test
    void terminatingAContractNotSignedYetIsWeChatPaysRefusal() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
                WechatPayClient client = client(sandbox).build()) {
            Contracts contracts = client.creditRepayment().contracts();
            contracts.appPresign(presign("UNSIGNED1").build()).block(TIMEOUT);
            StepVerifier.create(contracts.terminate("UNSIGNED1", "changed my mind"))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayServiceException.class,
                            s -> assertThat(s.status()).isEqualTo(400)))
                    .verify(TIMEOUT);
            assertThat(contracts.get("UNSIGNED1").block(TIMEOUT).state()).isEqualTo(ContractState.INVALID);
        }
    }

    @Test
    void aPresignWithAnAmbiguousFailureIsNotSentAgainAndABadOneIsNotSentAtAll() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
                WechatPayClient client = client(sandbox).build()) {
            Contracts contracts = client.creditRepayment().contracts();
            StepVerifier.create(contracts.appPresign(presign("BAD-1").build()))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(ValidationException.class,
                            v -> assertThat(v.field()).isEqualTo("out_contract_code")))
                    .verify(TIMEOUT);
            assertThat(sandbox.stats().requests()).isZero();

            sandbox.enqueue(Fault.THROTTLE, Fault.SERVER_ERROR);
            StepVerifier.create(contracts.appPresign(presign("AMBIGUOUS1").build()))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayServiceException.class,
                            s -> assertThat(s.status()).isEqualTo(500)))
                    .verify(TIMEOUT);
            assertThat(sandbox.stats().requests()).as("the 429 was sent again; the 500 was not").isEqualTo(2);
        }
    }
}
