package wechatpay.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.math.BigInteger;
import java.security.Permission;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.integration.Sandboxed;
import wechatpay.reactor.internal.Certificates;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/** {@code build()} refuses a bad configuration naming the field; {@code mutate()} derives without breaking. */
class ClientBuilderTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String MCHID = "1900000001";

    private static WechatPayClient.Builder valid() {
        return WechatPayClient.builder()
                .merchant(MCHID, TestKeys.MERCHANT_SERIAL, TestKeys.MERCHANT.getPrivate())
                .wechatPayPublicKey(TestKeys.PUBLIC_KEY_ID, TestKeys.WECHATPAY.getPublic())
                .baseUrl("http://127.0.0.1:1");
    }

    private static void refused(WechatPayClient.Builder builder, String field) {
        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).startsWith(field + ": ");
                });
    }

    private static void accepted(WechatPayClient.Builder builder) {
        try (WechatPayClient client = builder.build()) {
            assertThat(client.mchid()).isEqualTo(MCHID);
        }
    }

    @Test
    void theValidConfigurationBuilds() {
        accepted(valid());
        accepted(valid().baseUrl(WechatPayClient.DEFAULT_BASE_URL));
    }

    @Test
    void aMissingMerchantIsRefusedAsMchid() {
        refused(WechatPayClient.builder().wechatPayPublicKey(TestKeys.PUBLIC_KEY_ID, TestKeys.WECHATPAY.getPublic()),
                "mchid");
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "19000000a1", " 1900000001", "1900-0001", "123456789012345678901234567890123", "１２３"})
    void aMchidThatIsNotDigitsIsRefused(String mchid) {
        refused(valid().merchant(mchid, TestKeys.MERCHANT_SERIAL, TestKeys.MERCHANT.getPrivate()), "mchid");
    }

    @Test
    void missingVerificationKeysAreRefused() {
        refused(WechatPayClient.builder().merchant(MCHID, TestKeys.MERCHANT_SERIAL, TestKeys.MERCHANT.getPrivate())
                .baseUrl("http://127.0.0.1:1"), "verificationKeys");
    }

    @Test
    void theMerchantsOwnSerialAsAVerificationKeyIsRefused() {
        Instant now = Instant.now();
        CertificateInfo own = CertificateInfo.of(Certificates.selfSigned(TestKeys.MERCHANT, "merchant",
                new BigInteger(TestKeys.MERCHANT_SERIAL, 16), now.minusSeconds(86_400), now.plusSeconds(86_400)));
        refused(valid().platformCertificate(own), "verificationKeys");
        refused(WechatPayClient.builder().merchant(MCHID, TestKeys.MERCHANT_SERIAL, TestKeys.MERCHANT.getPrivate())
                .verificationKeys(VerificationKeys.builder().certificate(own).build()), "verificationKeys");
    }

    @Test
    void aKeyGivenTwiceIsRefusedAsVerificationKeys() {
        refused(valid().wechatPayPublicKey(TestKeys.PUBLIC_KEY_ID, TestKeys.WECHATPAY.getPublic()), "verificationKeys");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://api.mch.weixin.qq.com", "http://10.0.0.1:8080", "http://192.168.1.1",
        "http://127.0.0.1.nip.io", "http://localhost.example.com", "http://[2001:db8::1]:80",
        "https://api.mch.weixin.qq.com/v3", "https://api.mch.weixin.qq.com/base/", "https://api.mch.weixin.qq.com?x=1",
        "https://api.mch.weixin.qq.com/?x=1", "ftp://127.0.0.1", "api.mch.weixin.qq.com", "//127.0.0.1", "https://",
        "not a url", ""})
    void aBaseUrlThatIsNotHttpsOrLoopbackHttpOrHasAPathOrQueryIsRefused(String baseUrl) {
        refused(valid().baseUrl(baseUrl), "baseUrl");
    }

    @Test
    void aNullBaseUrlIsRefused() {
        refused(valid().baseUrl(null), "baseUrl");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://127.0.0.1:8080", "http://127.0.0.1", "http://localhost", "http://LOCALHOST:9",
        "http://[::1]:9", "http://127.0.0.2:1", "https://api.mch.weixin.qq.com", "https://api.mch.weixin.qq.com/",
        "https://api2.mch.weixin.qq.com:443", "HTTPS://api.mch.weixin.qq.com"})
    void httpsAnywhereAndPlainHttpOnLoopbackAreAccepted(String baseUrl) {
        accepted(valid().baseUrl(baseUrl));
    }

    /**
     * A host name is never looked up to decide whether it is loopback: a lookup blocks, and DNS must not decide
     * whether a request goes out in plain text. Names made only of hex letters look like IPv6 to a careless check.
     * Java 17 still lets a test watch lookups through a SecurityManager's {@code checkConnect(host, -1)}.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://cafe:8080", "http://dead", "http://example.com", "http://beef.example"})
    void aHostNameIsNeverResolved(String baseUrl) {
        List<String> lookups = new CopyOnWriteArrayList<>();
        SecurityManager previous = System.getSecurityManager();
        try {
            System.setSecurityManager(new SecurityManager() {
                @Override
                public void checkPermission(Permission perm) {
                }

                @Override
                public void checkPermission(Permission perm, Object context) {
                }

                @Override
                public void checkConnect(String host, int port) {
                    if (port == -1) {
                        lookups.add(host);
                    }
                }
            });
        } catch (UnsupportedOperationException e) {
            assumeThat(e).as("this JVM cannot watch lookups (no SecurityManager)").isNull();
        }
        try {
            refused(valid().baseUrl(baseUrl), "baseUrl");
        } finally {
            System.setSecurityManager(previous);
        }
        assertThat(lookups).as("host names looked up").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {0, -1, 10_001, Integer.MAX_VALUE})
    void maxInFlightOutside1To10000IsRefused(int n) {
        refused(valid().maxInFlight(n), "maxInFlight");
    }

    @Test
    void maxInFlightAtItsBoundsIsAccepted() {
        accepted(valid().maxInFlight(1));
        accepted(valid().maxInFlight(10_000));
    }

    @Test
    void zeroNegativeOrMissingTimeoutsAreRefused() {
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-1), null}) {
            refused(valid().connectTimeout(bad), "connectTimeout");
            refused(valid().responseTimeout(bad), "responseTimeout");
            refused(valid().verificationWindow(bad), "verificationWindow");
        }
        accepted(valid().connectTimeout(Duration.ofMillis(1)).responseTimeout(Duration.ofMillis(1))
                .verificationWindow(Duration.ofSeconds(1)));
    }

    @Test
    void maxResponseBytesBelow1024IsRefused() {
        refused(valid().maxResponseBytes(1023), "maxResponseBytes");
        refused(valid().maxResponseBytes(0), "maxResponseBytes");
        refused(valid().maxResponseBytes(-1), "maxResponseBytes");
        accepted(valid().maxResponseBytes(1024));
    }

    @Test
    void aNullRetryPolicyOrClockIsRefused() {
        refused(valid().retryPolicy(null), "retryPolicy");
        refused(valid().clock(null), "clock");
    }

    @Test
    void toStringShowsIdsButNoKeyMaterial() {
        try (WechatPayClient client = valid().build()) {
            String text = client.toString();
            assertThat(text).contains(MCHID, TestKeys.MERCHANT_SERIAL, TestKeys.PUBLIC_KEY_ID);
            String privateKey = Base64.getEncoder().encodeToString(TestKeys.MERCHANT.getPrivate().getEncoded());
            String publicKey = Base64.getEncoder().encodeToString(TestKeys.WECHATPAY.getPublic().getEncoded());
            assertThat(text).doesNotContain(privateKey.substring(40, 80), publicKey.substring(40, 80), "PRIVATE",
                    "BEGIN", TestKeys.MERCHANT.getPrivate().toString(), "modulus", "exponent");
        }
    }

    @Test
    void settersAfterBuildDoNotChangeTheBuiltClient() {
        WechatPayClient.Builder builder = valid().maxInFlight(7).retryPolicy(RetryPolicy.none());
        try (WechatPayClient client = builder.build()) {
            builder.maxInFlight(9).retryPolicy(RetryPolicy.defaults());
            assertThat(client.maxInFlight()).isEqualTo(7);
            assertThat(client.retryPolicy()).isEqualTo(RetryPolicy.none());
        }
    }

    /** Real round trips: a closed shared pool would fail the call, which a scripted transport cannot show. */
    @Test
    void mutateGivesAWorkingClientWithChangedSettingsAndClosingItLeavesTheOriginalUsable() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.start()) {
            Contract contract = sandbox.contracts().get(0);
            WechatPayClient original = sandboxClient(sandbox)
                    .build();
            try {
                expectContract(original, contract);
                WechatPayClient samePool = original.mutate().responseTimeout(Duration.ofSeconds(3))
                        .retryPolicy(RetryPolicy.none()).build();
                WechatPayClient newPool = original.mutate().maxInFlight(8).build();
                assertThat(samePool.retryPolicy()).isEqualTo(RetryPolicy.none());
                assertThat(original.retryPolicy()).isEqualTo(RetryPolicy.defaults());
                assertThat(newPool.maxInFlight()).isEqualTo(8);
                assertThat(original.maxInFlight()).isEqualTo(64);
                assertThat(samePool.mchid()).isEqualTo(original.mchid());
                expectContract(samePool, contract);
                expectContract(newPool, contract);
                expectContract(original, contract);

                samePool.close();
                newPool.close();
                expectContract(original, contract);

                WechatPayClient again = original.mutate().build();
                expectContract(again, contract);
                again.close();
                expectContract(original, contract);
            } finally {
                original.close();
            }
        }
    }

    /** {@code close()} is idempotent: a second close of a derived client must not release the shared pool. */
    @Test
    void closingADerivedClientTwiceLeavesTheOriginalUsable() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.start()) {
            Contract contract = sandbox.contracts().get(0);
            try (WechatPayClient original = sandboxClient(sandbox)
                    .retryPolicy(RetryPolicy.none())
                    .build()) {
                WechatPayClient derived = original.mutate().build();
                expectContract(derived, contract);
                derived.close();
                derived.close();
                expectContract(original, contract);
            }
        }
    }

    /** {@code closeLater()} closes without blocking, on a Reactor worker, and leaves a client sharing the pool usable. */
    @Test
    void closeLaterDoesNotBlockAndReleasesThePoolWithItsLastUser() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.start()) {
            Contract contract = sandbox.contracts().get(0);
            WechatPayClient original = sandboxClient(sandbox).retryPolicy(RetryPolicy.none()).build();
            WechatPayClient derived = original.mutate().build();
            StepVerifier.create(derived.closeLater().subscribeOn(reactor.core.scheduler.Schedulers.parallel()))
                    .expectComplete().verify(Duration.ofSeconds(10));
            expectContract(original, contract);
            StepVerifier.create(original.closeLater().then(original.closeLater()))
                    .expectComplete().verify(Duration.ofSeconds(10));
            StepVerifier.create(original.chain("v3/credit-repayment/partner/contracts/{c}").get(Map.of("c", "x")))
                    .expectErrorSatisfies(e -> assertThat(((WechatPayTransportException) e).kind())
                            .isEqualTo(WechatPayTransportException.Kind.POOL))
                    .verify(Duration.ofSeconds(10));
        }
    }

    /** A builder wired to the sandbox as to WeChat Pay, with the default retry policy. */
    private static WechatPayClient.Builder sandboxClient(WechatPaySandbox sandbox) {
        return Sandboxed.client(sandbox).retryPolicy(RetryPolicy.defaults());
    }

    private static void expectContract(WechatPayClient client, Contract contract) {
        StepVerifier.create(client.chain("v3/credit-repayment/partner/contracts/{out_contract_code}")
                        .get(Map.of("out_contract_code", contract.outContractCode())))
                .assertNext(r -> {
                    assertThat(r.status()).isEqualTo(200);
                    JsonNode body = r.body();
                    assertThat(body.path("contract_id").asString()).isEqualTo(contract.contractId());
                })
                .expectComplete()
                .verify(TIMEOUT);
    }

    // ---------------------------------------------------------------- src/main bugs found (see the report)

    /** Credentials or a fragment in the base URL are refused: toString() would print them, and they are never sent. */
    @Test
    void aBaseUrlWithUserInfoOrAFragmentIsRefused() {
        refused(valid().baseUrl("https://user:secret@api.mch.weixin.qq.com"), "baseUrl");
        refused(valid().baseUrl("https://api.mch.weixin.qq.com#top"), "baseUrl");
    }

    /** After close() a client refuses calls instead of silently opening a new pool that nobody closes. */
    @Test
    void aClosedClientRefusesCallsAndClosingTwiceKeepsTheSharedPoolForOthers() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.start()) {
            Contract contract = sandbox.contracts().get(0);
            try (WechatPayClient original = sandboxClient(sandbox)
                    .retryPolicy(RetryPolicy.none())
                    .build()) {
                WechatPayClient derived = original.mutate().build();
                derived.close();
                derived.close();
                StepVerifier.create(derived.chain("v3/credit-repayment/partner/contracts/{out_contract_code}")
                                .get(Map.of("out_contract_code", contract.outContractCode())))
                        .expectError()
                        .verify(TIMEOUT);
                expectContract(original, contract);
            }
        }
    }

    @Test
    void theMerchantsOwnSerialIsRefusedWhateverItsCase() {
        String lower = TestKeys.MERCHANT_SERIAL.toLowerCase(java.util.Locale.ROOT);
        java.math.BigInteger serial = new java.math.BigInteger(TestKeys.MERCHANT_SERIAL, 16);
        CertificateInfo own = CertificateInfo.of(wechatpay.reactor.internal.Certificates.selfSigned(TestKeys.MERCHANT,
                "merchant", serial, java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(3600)));
        refused(valid().merchant("1900000001", lower, TestKeys.MERCHANT.getPrivate()).platformCertificate(own),
                "verificationKeys");
    }

    @Test
    void connectTimeoutMustFitNettysMilliseconds() {
        refused(valid().connectTimeout(java.time.Duration.ofNanos(10)), "connectTimeout");
        refused(valid().connectTimeout(java.time.Duration.ofDays(30)), "connectTimeout");
    }

    @Test
    void aSignerWithoutASerialIsRefused() {
        RequestSigner anonymous = new RequestSigner() {
            public String serial() {
                return " ";
            }

            public reactor.core.publisher.Mono<String> sign(byte[] message) {
                return reactor.core.publisher.Mono.just("x");
            }
        };
        refused(valid().merchant("1900000001", anonymous), "merchantSerial");
    }
}
