package wechatpay.reactor.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.integration.Sandboxed.IDENTITY;
import static wechatpay.reactor.integration.Sandboxed.item;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import wechatpay.reactor.CertificateInfo;
import wechatpay.reactor.KeyRingStatus;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.ScheduleOutcome;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/**
 * A 10,000-item stream while the sandbox rotates its platform certificate: every item Scheduled, at most one
 * download for the rotation (after the one at start), no verification failure.
 */
class KeyRotationStreamTest {
    private static final int N = 10_000;

    @Test
    void aStreamCarriesOnAcrossARotationWithOneDownload() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY)
                        .mode(WechatPaySandbox.Mode.PLATFORM_CERTIFICATE).fastAnswers(true).start();
                WechatPayClient client = WechatPayClient.builder()
                        .merchant(IDENTITY.mchid(), IDENTITY.merchantSerial(), IDENTITY.merchantKeys().getPrivate())
                        .downloadPlatformCertificates(IDENTITY.apiV3Key()).baseUrl(sandbox.baseUrl())
                        .retryPolicy(Sandboxed.FAST_RETRY).maxInFlight(64).build()) {
            List<Contract> contracts = sandbox.contracts();
            AtomicLong done = new AtomicLong();
            CertificateInfo[] rotated = new CertificateInfo[1];
            List<ScheduleOutcome> outcomes = client.creditRepayment().scheduleRecords()
                    .schedule(Flux.range(0, N).map(i -> item(contracts.get(i % contracts.size()), "ROT" + i)))
                    .doOnNext(o -> {
                        if (done.incrementAndGet() == N / 3) {
                            Mono.fromRunnable(() -> rotated[0] = sandbox.rotatePlatformCertificate(Duration.ZERO))
                                    .subscribeOn(Schedulers.boundedElastic()).subscribe();
                        }
                    })
                    .collectList().block(Duration.ofMinutes(4));

            assertThat(outcomes).hasSize(N).allSatisfy(o -> assertThat(o).as(o.toString())
                    .isInstanceOf(ScheduleOutcome.Scheduled.class));
            assertThat(rotated[0]).isNotNull();
            KeyRingStatus status = client.keyRing().status();
            // The client keeps naming the certificate it holds, and a listed one answers when named, so the
            // rotation may need no download at all; it never needs more than one.
            assertThat(status.downloads()).as("at start, and at most once for the rotation").isBetween(1L, 2L);
            assertThat(status.failures()).isZero();
            assertThat(sandbox.stats().certificateDownloads()).isEqualTo(status.downloads());
            assertThat(sandbox.totalRecords()).isEqualTo(N);
        }
    }
}
