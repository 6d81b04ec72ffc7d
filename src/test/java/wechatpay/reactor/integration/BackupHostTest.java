package wechatpay.reactor.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.integration.Sandboxed.IDENTITY;
import static wechatpay.reactor.integration.Sandboxed.client;
import static wechatpay.reactor.integration.Sandboxed.closedPort;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import wechatpay.reactor.RetryPolicy;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.WechatPayTransportException;
import wechatpay.reactor.sandbox.Fault;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/** The backup host: used when a request never left for the primary one, never after it was written. */
class BackupHostTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String RECORD = "v3/credit-repayment/partner/schedule-records/{out_record_id}";
    private static final Map<String, String> NONE = Map.of("out_record_id", "NONE1", "contract_id", "C1");

    @Test
    void aPrimaryHostThatCannotBeReachedSendsTheRequestToTheBackup() {
        try (WechatPaySandbox backup = WechatPaySandbox.builder().identity(IDENTITY).start();
                WechatPayClient client = client(backup).baseUrl(closedPort()).backupBaseUrl(backup.baseUrl())
                        .retryPolicy(RetryPolicy.none()).build()) {
            StepVerifier.create(client.chain(RECORD).get(NONE))
                    .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("404"))   // answered, by the backup
                    .verify(WAIT);
            assertThat(backup.stats().requests()).isEqualTo(1);
        }
    }

    @Test
    void aRequestWrittenToThePrimaryHostIsNeverSentToTheBackup() {
        try (WechatPaySandbox primary = WechatPaySandbox.builder().identity(IDENTITY).start();
                WechatPaySandbox backup = WechatPaySandbox.builder().identity(IDENTITY).start();
                WechatPayClient client = client(primary).backupBaseUrl(backup.baseUrl())
                        .retryPolicy(RetryPolicy.none()).build()) {
            primary.enqueue(Fault.RESET_BEFORE);
            StepVerifier.create(client.chain(RECORD).get(NONE))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayTransportException.class,
                            t -> assertThat(t.kind()).isEqualTo(WechatPayTransportException.Kind.RESET)))
                    .verify(WAIT);
            assertThat(primary.stats().requests()).isEqualTo(1);
            assertThat(backup.stats().requests()).isZero();
        }
    }

    @Test
    void theBackupIsOffByDefaultAndChecksItsUrl() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start()) {
            StepVerifier.create(client(sandbox).baseUrl(closedPort()).retryPolicy(RetryPolicy.none()).build()
                            .chain(RECORD).get(NONE))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayTransportException.class,
                            t -> assertThat(t.kind()).isEqualTo(WechatPayTransportException.Kind.CONNECT)))
                    .verify(WAIT);
            try {
                client(sandbox).backupBaseUrl("http://backup.example").build();
                throw new AssertionError("a plain-http backup host that is not loopback was accepted");
            } catch (ValidationException e) {
                assertThat(e.field()).isEqualTo("baseUrl");
            }
        }
    }
}
