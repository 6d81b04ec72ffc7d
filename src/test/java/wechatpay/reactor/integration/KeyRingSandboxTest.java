package wechatpay.reactor.integration;

import wechatpay.reactor.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.integration.Sandboxed.IDENTITY;
import static wechatpay.reactor.integration.Sandboxed.item;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.ApiResponse;
import wechatpay.reactor.CertificateInfo;
import wechatpay.reactor.KeyRingStatus;
import wechatpay.reactor.RetryPolicy;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.WechatPayVerificationException;
import wechatpay.reactor.creditrepayment.ScheduleRecord;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.Fault;
import wechatpay.reactor.sandbox.FaultRates;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/**
 * The key ring against the real sandbox: a merchant that starts with only its own key and the APIv3 key, one
 * download for many waiting calls, a flood of unknown serials that does not become a flood of downloads, a
 * public-key-only merchant asked once, a failed refresh that keeps the keys, and the periodic refresh.
 */
class KeyRingSandboxTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String RECORD = "v3/credit-repayment/partner/schedule-records/{out_record_id}";

    /** Only what a platform-certificate merchant starts with: mchid, its key and serial, the APIv3 key. */
    private static WechatPayClient.Builder downloading(WechatPaySandbox sandbox) {
        return WechatPayClient.builder()
                .merchant(IDENTITY.mchid(), IDENTITY.merchantSerial(), IDENTITY.merchantKeys().getPrivate())
                .downloadPlatformCertificates(IDENTITY.apiV3Key())
                .baseUrl(sandbox.baseUrl()).retryPolicy(Sandboxed.FAST_RETRY);
    }

    /** A record that exists, so that its query is answered 200 (only a 2xx is verified). */
    private static Map<String, String> scheduled(WechatPayClient client, WechatPaySandbox sandbox) {
        Contract c = sandbox.contracts().get(0);
        client.creditRepayment().scheduleRecords().create(item(c, "Q1")).block(WAIT);
        return Map.of("out_record_id", "Q1", "contract_id", c.contractId());
    }

    private static long certificateRequests(WechatPaySandbox sandbox) {
        return sandbox.stats().recentRequests().stream().filter(r -> r.uri().startsWith("/v3/certificates")).count();
    }

    @Test
    void aMerchantWithOnlyItsOwnKeyAndTheApiV3KeyDownloadsOnceForTwoHundredWaitingCalls() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY)
                        .mode(WechatPaySandbox.Mode.PLATFORM_CERTIFICATE).start();
                WechatPayClient client = downloading(sandbox).maxInFlight(200).build()) {
            assertThat(client.keyRing().current().isEmpty()).isTrue();
            List<Contract> contracts = sandbox.contracts();
            List<ScheduleRecord> records = Flux.range(0, 200)
                    .flatMap(i -> client.creditRepayment().scheduleRecords()
                            .create(item(contracts.get(i % contracts.size()), "KR" + i)), 200)
                    .collectList().block(WAIT);

            assertThat(records).hasSize(200);
            KeyRingStatus status = client.keyRing().status();
            assertThat(status.downloads()).isEqualTo(1);
            assertThat(certificateRequests(sandbox)).isEqualTo(1);
            assertThat(status.serials()).containsExactly(IDENTITY.platformCertificate().serial());
            assertThat(status.failures()).isZero();
            assertThat(sandbox.totalRecords()).isEqualTo(200);
        }
    }

    @Test
    void aThousandAnswersUnderUnknownSerialsCauseOneDownloadAMinuteAtMost() {
        MovableClock clock = new MovableClock();
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY)
                        .mode(WechatPaySandbox.Mode.PLATFORM_CERTIFICATE).start();
                WechatPayClient client = downloading(sandbox).clock(clock).retryPolicy(RetryPolicy.none()).build()) {
            Map<String, String> record = scheduled(client, sandbox);
            sandbox.faults(FaultRates.NONE.withSeed(3).with(Fault.UNKNOWN_SERIAL, 1.0));
            List<Throwable> failures = Flux.range(0, 1_000)
                    .flatMap(i -> client.chain(RECORD).get(record).then(Mono.<Throwable>empty())
                            .onErrorResume(Mono::just), 32)
                    .collectList().block(WAIT);

            assertThat(failures).hasSize(1_000).allSatisfy(e -> assertThat(e)
                    .isInstanceOfSatisfying(WechatPayVerificationException.class,
                            v -> assertThat(v.reason()).isEqualTo(WechatPayVerificationException.Reason.UNKNOWN_SERIAL)));
            assertThat(certificateRequests(sandbox)).as("the download made at start, and none for the flood")
                    .isEqualTo(1);
            assertThat(client.keyRing().status().skippedUnknown()).isEqualTo(1_000);

            clock.advance(Duration.ofSeconds(61));
            StepVerifier.create(client.chain(RECORD).get(record)).expectError(WechatPayVerificationException.class)
                    .verify(WAIT);
            assertThat(certificateRequests(sandbox)).as("a minute later an unknown serial may look once more")
                    .isEqualTo(2);
        }
    }

    @Test
    void aPublicKeyOnlyMerchantIsAskedForCertificatesOnce() {
        MovableClock clock = new MovableClock();
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
                WechatPayClient client = downloading(sandbox).clock(clock).retryPolicy(RetryPolicy.none())
                        .wechatPayPublicKey(IDENTITY.publicKeyId(), IDENTITY.wechatPayKeys().getPublic()).build()) {
            Map<String, String> record = scheduled(client, sandbox);
            for (int round = 0; round < 3; round++) {
                sandbox.enqueue(Fault.UNKNOWN_SERIAL);
                StepVerifier.create(client.chain(RECORD).get(record)).expectError(WechatPayVerificationException.class)
                        .verify(WAIT);
                clock.advance(Duration.ofSeconds(61));
            }
            assertThat(certificateRequests(sandbox)).isEqualTo(1);
            assertThat(client.keyRing().status().publicKeyOnly()).isTrue();
            assertThat(client.keyRing().status().failures()).isZero();
        }
    }

    @Test
    void aFailedRefreshKeepsTheKeysAndSaysWhy() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY)
                        .mode(WechatPaySandbox.Mode.PLATFORM_CERTIFICATE).start();
                WechatPayClient client = downloading(sandbox).retryPolicy(RetryPolicy.none()).build()) {
            client.keyRing().refresh().block(WAIT);
            sandbox.enqueue(Fault.SERVER_ERROR);
            StepVerifier.create(client.keyRing().refresh()).expectError().verify(WAIT);

            KeyRingStatus status = client.keyRing().status();
            assertThat(status.failures()).isEqualTo(1);
            assertThat(status.lastFailure()).hasValueSatisfying(why -> assertThat(why).contains("500"));
            assertThat(status.serials()).containsExactly(IDENTITY.platformCertificate().serial());
            assertThat(client.creditRepayment().scheduleRecords().create(item(sandbox.contracts().get(0), "KEPT1"))
                    .block(WAIT).outRecordId()).isEqualTo("KEPT1");
        }
    }

    @Test
    void theKeysAreRefreshedInTheBackgroundOnceTheIntervalHasPassed() throws InterruptedException {
        MovableClock clock = new MovableClock();
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY)
                        .mode(WechatPaySandbox.Mode.PLATFORM_CERTIFICATE).start();
                WechatPayClient client = downloading(sandbox).clock(clock)
                        .certificateRefreshInterval(Duration.ofMinutes(1)).build()) {
            client.keyRing().refresh().block(WAIT);
            client.creditRepayment().scheduleRecords().create(item(sandbox.contracts().get(0), "BG1")).block(WAIT);
            assertThat(client.keyRing().status().downloads()).as("not due yet").isEqualTo(1);

            clock.advance(Duration.ofSeconds(61));
            client.creditRepayment().scheduleRecords().create(item(sandbox.contracts().get(0), "BG2")).block(WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (client.keyRing().status().downloads() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(client.keyRing().status().downloads()).isEqualTo(2);
            assertThat(certificateRequests(sandbox)).isEqualTo(2);
        }
    }

    @Test
    void twoHundredAnswersUnderANewCertificateCauseOneDownload() {
        MovableClock clock = new MovableClock();
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY)
                        .mode(WechatPaySandbox.Mode.PLATFORM_CERTIFICATE).start();
                WechatPayClient client = downloading(sandbox).clock(clock).maxInFlight(200).build()) {
            Map<String, String> record = scheduled(client, sandbox);
            CertificateInfo next = sandbox.rotatePlatformCertificate(Duration.ZERO);
            clock.advance(Duration.ofSeconds(61));    // the rotation comes later than a minute after the first download
            // Every request names the new certificate, so every answer is signed by it.
            List<ApiResponse<JsonNode>> answers = Flux.range(0, 200)
                    .flatMap(i -> client.chain(RECORD).header("Wechatpay-Serial", next.serial()).get(record), 200)
                    .collectList().block(WAIT);

            assertThat(answers).hasSize(200).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
            assertThat(client.keyRing().status().downloads()).isEqualTo(2);
            assertThat(certificateRequests(sandbox)).isEqualTo(2);
            assertThat(client.keyRing().current().serials()).contains(next.serial());
        }
    }

    @Test
    void duringAMigrationEitherKeyAnswersAsTheRequestSteersAndTheCertificateIsDownloadedOnce() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).mode(WechatPaySandbox.Mode.BOTH)
                        .start();
                WechatPayClient client = downloading(sandbox)
                        .wechatPayPublicKey(IDENTITY.publicKeyId(), IDENTITY.wechatPayKeys().getPublic()).build()) {
            Map<String, String> record = scheduled(client, sandbox);
            String certificate = IDENTITY.platformCertificate().serial();
            ApiResponse<JsonNode> byDefault = client.chain(RECORD).get(record).block(WAIT);
            assertThat(byDefault.headers().get("Wechatpay-Serial")).isEqualTo(IDENTITY.publicKeyId());
            assertThat(certificateRequests(sandbox)).as("the public key answers: nothing to download").isZero();

            for (int i = 0; i < 3; i++) {
                ApiResponse<JsonNode> steered = client.chain(RECORD).header("Wechatpay-Serial", certificate).get(record)
                        .block(WAIT);
                assertThat(steered.headers().get("Wechatpay-Serial")).isEqualTo(certificate);
            }
            assertThat(certificateRequests(sandbox)).isEqualTo(1);
            assertThat(client.keyRing().current().serials()).containsExactlyInAnyOrder(IDENTITY.publicKeyId(), certificate);
        }
    }
}
