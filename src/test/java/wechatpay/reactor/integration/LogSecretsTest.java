package wechatpay.reactor.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.integration.Sandboxed.IDENTITY;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import wechatpay.reactor.ApiV3Key;
import wechatpay.reactor.RequestSigner;
import wechatpay.reactor.RetryPolicy;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.Presign;
import wechatpay.reactor.creditrepayment.RealIdentity;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.FaultRates;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/**
 * Every line logged at every level during a fault soak (every sandbox fault on, seeded) and a presign with a
 * real identity: one DEBUG line per call, WARN on retries and on answers that fail verification, and no secret
 * in any of them: not the merchant private key (PEM or Base64), not a signature that went out in an
 * Authorization header, not the APIv3 key, not the identity's plaintext.
 */
class LogSecretsTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String ID_NUMBER = "110101199003074477";
    private static final String NAME = "李四";

    @Test
    void aFaultSoakLogsEveryCallAndNoSecret() {
        Queue<String> signatures = new ConcurrentLinkedQueue<>();
        RequestSigner rsa = RequestSigner.rsa(IDENTITY.merchantSerial(), IDENTITY.merchantKeys().getPrivate());
        RequestSigner recording = new RequestSigner() {
            @Override
            public String serial() {
                return rsa.serial();
            }

            @Override
            public Mono<String> sign(byte[] message) {
                return rsa.sign(message).doOnNext(signatures::add);
            }
        };
        List<String> lines;
        try (CapturedLogs logs = new CapturedLogs();
                WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY)
                        .mode(WechatPaySandbox.Mode.PLATFORM_CERTIFICATE).faults(ScheduleSoakTest.everything(400)).start();
                WechatPayClient client = Sandboxed.client(sandbox).merchant(IDENTITY.mchid(), recording)
                        .downloadPlatformCertificates(ApiV3Key.of(IDENTITY.apiV3KeyText()))
                        .retryPolicy(RetryPolicy.defaults().withMaxAttempts(6)
                                .withBackoff(Duration.ofMillis(1), Duration.ofMillis(10))
                                .withThrottleBackoff(Duration.ofMillis(2)))
                        .build()) {
            List<Contract> contracts = sandbox.contracts();
            StepVerifier.create(client.creditRepayment().scheduleRecords().schedule(Flux.range(0, 400)
                            .map(i -> Sandboxed.item(contracts.get(i % contracts.size()), "LOG" + i))).count())
                    .expectNext(400L).expectComplete().verify(TIMEOUT);
            sandbox.faults(FaultRates.NONE);        // the presign must go through: its identity is in the request
            StepVerifier.create(client.creditRepayment().contracts().appPresign(Presign.builder()
                            .appid("wxd678efh567hg6787").planId("CONSUMER_LOAN_PLAN").outContractCode("LOGC1")
                            .displayName("***S").subMchid("1900000109").contractNotifyUrl("https://merchant.example/contracts")
                            .repaymentAmountLimit(5_000_000).realIdentity(RealIdentity.idCard(ID_NUMBER, NAME)).build())
                            .then())
                    .expectComplete().verify(TIMEOUT);
            lines = logs.lines();
        }
        assertThat(lines).anyMatch(l -> l.startsWith("DEBUG wechatpay.reactor.calls: POST "
                + "/v3/credit-repayment/partner/schedule-records/batch-create -> 200 SUCCESS"));
        assertThat(lines).anyMatch(l -> l.startsWith("WARN wechatpay.reactor.calls: ") && (l.contains("retrying in") || l.contains("asking again in")));
        assertThat(lines).anyMatch(l -> l.startsWith("WARN wechatpay.reactor.calls: ")
                && l.contains("failed verification"));
        assertThat(lines).anyMatch(l -> l.contains("/v3/credit-repayment/partner/contracts/app-presign"));
        assertThat(signatures).hasSizeGreaterThan(400);

        List<String> secrets = new ArrayList<>(List.of(IDENTITY.apiV3KeyText(), ID_NUMBER, NAME,
                "PRIVATE KEY", Base64.getEncoder().encodeToString(IDENTITY.merchantKeys().getPrivate().getEncoded())
                        .substring(64, 128)));
        secrets.addAll(signatures);
        String all = String.join("\n", lines);
        for (String secret : secrets) {
            assertThat(all).as("logs hold a secret").doesNotContain(secret);
        }
    }
}
