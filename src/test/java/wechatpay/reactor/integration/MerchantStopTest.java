package wechatpay.reactor.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.integration.Sandboxed.IDENTITY;
import static wechatpay.reactor.integration.Sandboxed.client;
import static wechatpay.reactor.integration.Sandboxed.item;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import wechatpay.reactor.RequestSigner;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.ScheduleOptions;
import wechatpay.reactor.creditrepayment.ScheduleOutcome;
import wechatpay.reactor.creditrepayment.ScheduleStats;
import wechatpay.reactor.internal.Certificates;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/** A wrong merchant key: the stream stops calling after a few answers about the merchant, every item still gets one outcome. */
class MerchantStopTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final RequestSigner WRONG_KEY = RequestSigner.rsa(IDENTITY.merchantSerial(),
            Certificates.rsaKeyPair(2048).getPrivate());
    private WechatPaySandbox sandbox;
    private WechatPayClient client;
    private List<Contract> contracts;

    @BeforeEach
    void start() {
        sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
        client = client(sandbox).merchant(IDENTITY.mchid(), WRONG_KEY).maxInFlight(16).build();
        contracts = sandbox.contracts();
    }

    @AfterEach
    void stop() {
        client.close();
        sandbox.close();
    }

    private Flux<wechatpay.reactor.creditrepayment.ScheduleItem> items(int n) {
        return Flux.range(0, n).map(i -> item(contracts.get(i % contracts.size()), "W" + i));
    }

    @Test
    void tenThousandItemsWithAWrongKeyMakeAtMostNPlusInFlightCallsAndTenThousandOutcomes() {
        ScheduleStats stats = new ScheduleStats();
        List<ScheduleOutcome> outcomes = client.creditRepayment().scheduleRecords()
                .schedule(items(10_000), ScheduleOptions.defaults().withStats(stats)).collectList().block(TIMEOUT);

        assertThat(outcomes).hasSize(10_000);
        Set<Long> indexes = new HashSet<>();
        outcomes.forEach(o -> assertThat(indexes.add(o.index())).isTrue());
        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(ScheduleOutcome.Failed.class));
        long sent = outcomes.stream().filter(o -> o.attempts() > 0).count();
        assertThat(sandbox.stats().requests()).as("3 answers in a row stop it; at most 16 were in flight then")
                .isLessThanOrEqualTo(3 + 16).isEqualTo(sent);
        assertThat(outcomes).filteredOn(o -> o.attempts() > 0)
                .allSatisfy(o -> assertThat(((ScheduleOutcome.Failed) o).code()).isEqualTo("SIGN_ERROR"));
        List<ScheduleOutcome> stopped = outcomes.stream().filter(o -> o.attempts() == 0).toList();
        assertThat(stopped).hasSize(10_000 - (int) sent).allSatisfy(o -> {
            ScheduleOutcome.Failed f = (ScheduleOutcome.Failed) o;
            assertThat(f.code()).isEqualTo(ScheduleOutcome.Failed.STOPPED);
            assertThat(f.message()).startsWith("not sent: the calls stopped after 3 answers in a row about the merchant")
                    .contains("SIGN_ERROR");
            assertThat(f.requestIds()).isEmpty();
        });
        assertThat(stats.snapshot().stopped()).isEqualTo(stopped.size());
        assertThat(stats.snapshot().stoppedBecause()).contains("401 SIGN_ERROR");
        assertThat(sandbox.totalRecords()).isZero();
    }

    @Test
    void withoutTheStopEveryItemIsSentAndRefusedOnItsOwn() {
        List<ScheduleOutcome> outcomes = client.creditRepayment().scheduleRecords()
                .schedule(items(50), ScheduleOptions.defaults().withStopAfterMerchantFailures(0))
                .collectList().block(TIMEOUT);
        assertThat(outcomes).hasSize(50).allSatisfy(o -> {
            assertThat(((ScheduleOutcome.Failed) o).code()).isEqualTo("SIGN_ERROR");
            assertThat(o.attempts()).isEqualTo(1);
        });
        assertThat(sandbox.stats().requests()).isEqualTo(50);
    }
}
