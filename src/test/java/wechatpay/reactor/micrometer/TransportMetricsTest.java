package wechatpay.reactor.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.ScheduleRecords;
import wechatpay.reactor.integration.Sandboxed;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/**
 * Reactor Netty's client meters, asked for with {@code transportMetrics(true)}: recorded in Micrometer's global
 * registry (where Reactor Netty puts them) with the path template as the {@code uri} tag, never a path with a
 * record id in it; and not one such meter for a client that did not ask.
 */
class TransportMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PREFIX = "reactor.netty.http.client.";
    private static final Set<String> TEMPLATES = Set.of("/v3/credit-repayment/partner/schedule-records/batch-create",
            "/v3/credit-repayment/partner/schedule-records/{out_record_id}");

    /** One per test: meters name the server's port, so each test sees only its own clients' meters. */
    WechatPaySandbox sandbox;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void start() {
        sandbox = WechatPaySandbox.builder().identity(Sandboxed.IDENTITY).seedContracts(1).start();
        Metrics.globalRegistry.add(registry);
    }

    @AfterEach
    void stop() {
        Metrics.globalRegistry.remove(registry);
        registry.close();
        sandbox.close();
    }

    /** Creates and reads back {@code n} records: two templates, {@code n} distinct paths. */
    private void scheduleAndRead(WechatPayClient client, String prefix, int n) {
        Contract contract = sandbox.contracts().get(0);
        ScheduleRecords records = client.creditRepayment().scheduleRecords();
        for (int i = 0; i < n; i++) {
            String id = prefix + i;
            records.create(Sandboxed.item(contract, id)).block(WAIT);
            assertThat(records.get(id, contract.contractId()).block(WAIT).outRecordId()).isEqualTo(id);
        }
    }

    /** The meters of Reactor Netty's client that talked to this test's sandbox. */
    private List<Meter> sandboxMeters() {
        String port = ":" + java.net.URI.create(sandbox.baseUrl()).getPort();
        return registry.getMeters().stream()
                .filter(m -> m.getId().getName().startsWith(PREFIX))
                .filter(m -> m.getId().getTags().stream().anyMatch(t -> t.getValue().endsWith(port)))
                .toList();
    }

    private static String ids(List<Meter> meters) {
        return meters.stream().map(m -> m.getId().toString()).collect(Collectors.joining("\n"));
    }

    @Test
    void askedForTheMetersCarryThePathTemplateNeverTheIds() {
        try (WechatPayClient client = Sandboxed.client(sandbox).transportMetrics(true).build()) {
            scheduleAndRead(client, "TM", 5);
        }
        List<Meter> meters = sandboxMeters();
        assertThat(meters).extracting(m -> m.getId().getName())
                .contains(PREFIX + "response.time", PREFIX + "data.sent", PREFIX + "data.received");
        // Request-level meters tag the path; Reactor Netty's connection-level byte counters tag the protocol.
        Set<String> uris = meters.stream().map(m -> m.getId().getTag("uri")).filter(u -> u != null)
                .collect(Collectors.toSet());
        Set<String> expected = new HashSet<>(TEMPLATES);
        expected.add("http");
        assertThat(uris).as(ids(meters)).isEqualTo(expected);
        assertThat(meters).filteredOn(m -> m.getId().getTag("method") != null).as(ids(meters))
                .allMatch(m -> TEMPLATES.contains(m.getId().getTag("uri")));
        // This sandbox's timers only: the global registry hands a newly added registry the meters of earlier tests.
        assertThat(meters.stream().filter(m -> m.getId().getName().equals(PREFIX + "response.time"))
                .filter(m -> "/v3/credit-repayment/partner/schedule-records/{out_record_id}".equals(m.getId().getTag("uri")))
                .mapToLong(m -> ((io.micrometer.core.instrument.Timer) m).count()).sum())
                .as(ids(meters)).isEqualTo(5);
    }

    @Test
    void offByDefaultAndNoMeterAppears() {
        try (WechatPayClient client = Sandboxed.client(sandbox).build()) {
            scheduleAndRead(client, "TO", 2);
        }
        assertThat(sandboxMeters()).isEmpty();
    }

    @Test
    void aMutatedClientKeepsTheSettingUnlessTurnedOff() {
        try (WechatPayClient client = Sandboxed.client(sandbox).transportMetrics(true).build();
                WechatPayClient quiet = client.mutate().transportMetrics(false).maxInFlight(3).build()) {
            scheduleAndRead(quiet, "TQ", 1);
            assertThat(sandboxMeters()).isEmpty();
            try (WechatPayClient loud = quiet.mutate().transportMetrics(true).build()) {
                scheduleAndRead(loud, "TL", 1);
            }
        }
        assertThat(sandboxMeters()).isNotEmpty();
    }
}
