package wechatpay.reactor.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.StreamOptions;
import wechatpay.reactor.creditrepayment.StreamStats;
import wechatpay.reactor.integration.Sandboxed;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.Fault;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/** One observation per call, its keys, its parent from the Reactor context; a stream's counters as meters. */
class ObservationCallListenerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BATCH = "/v3/credit-repayment/partner/schedule-records/batch-create";
    private static final String RECORD = "/v3/credit-repayment/partner/schedule-records/{out_record_id}";

    /** Every stopped observation's context. */
    static final class Stopped implements ObservationHandler<Observation.Context> {
        final Queue<Observation.Context> contexts = new ConcurrentLinkedQueue<>();

        @Override
        public void onStop(Observation.Context context) {
            contexts.add(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }

    @Test
    void oneObservationPerCallWithTemplatedLowAndIdHighCardinalityKeys() {
        TestObservationRegistry observations = TestObservationRegistry.create();
        Stopped stopped = new Stopped();
        observations.observationConfig().observationHandler(stopped);
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(Sandboxed.IDENTITY).seedContracts(1).start();
                WechatPayClient client = Sandboxed.client(sandbox)
                        .callListener(new ObservationCallListener(observations)).build()) {
            Contract contract = sandbox.contracts().get(0);
            sandbox.enqueue(Fault.SERVER_ERROR);
            Observation parent = Observation.start("job", observations);
            StepVerifier.create(client.creditRepayment().scheduleRecords().create(Sandboxed.item(contract, "OBS1"))
                            .then(client.creditRepayment().scheduleRecords().get("OBS1", contract.contractId()))
                            .contextWrite(c -> c.put("micrometer.observation", parent)))
                    .expectNextCount(1).expectComplete().verify(WAIT);
            parent.stop();

            TestObservationRegistryAssert.assertThat(observations)
                    .doesNotHaveAnyRemainingCurrentObservation()
                    .hasObservationWithNameEqualTo(ObservationCallListener.NAME).that().hasBeenStarted().hasBeenStopped();
            List<Observation.Context> calls = stopped.contexts.stream()
                    .filter(c -> c.getName().equals(ObservationCallListener.NAME)).toList();
            assertThat(calls).extracting(c -> c.getLowCardinalityKeyValue("path").getValue()).contains(BATCH, RECORD);
            Observation.Context get = calls.stream().filter(c -> c.getLowCardinalityKeyValue("method").getValue()
                    .equals("GET") && c.getLowCardinalityKeyValue("status").getValue().equals("200")).findFirst()
                    .orElseThrow();
            assertThat(get.getLowCardinalityKeyValue("path").getValue()).isEqualTo(RECORD);
            assertThat(get.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("SUCCESS");
            assertThat(get.getHighCardinalityKeyValue("uri").getValue())
                    .isEqualTo("/v3/credit-repayment/partner/schedule-records/OBS1");
            assertThat(calls).extracting(c -> c.getLowCardinalityKeyValue("outcome").getValue())
                    .contains("SERVICE_ERROR", "SUCCESS");
            Set<String> requestIds = calls.stream().flatMap(c -> c.getHighCardinalityKeyValues().stream())
                    .filter(kv -> kv.getKey().equals("request_id")).map(KeyValue::getValue).collect(Collectors.toSet());
            assertThat(requestIds).hasSizeGreaterThanOrEqualTo(3);
            for (Observation.Context c : calls) {
                assertThat(c.getLowCardinalityKeyValues().stream().map(KeyValue::getKey))
                        .containsExactlyInAnyOrder("path", "method", "outcome", "status", "code");
                assertThat(c.getLowCardinalityKeyValues().stream().map(KeyValue::getValue))
                        .doesNotContainAnyElementsOf(requestIds)
                        .noneSatisfy(v -> assertThat(v).contains("OBS1"))
                        .noneSatisfy(v -> assertThat(v).contains(contract.contractId()));
                assertThat(c.getHighCardinalityKeyValue("request_id")).isNotNull();
                assertThat(c.getParentObservation()).isSameAs(parent);
            }
        }
    }

    @Test
    void aStreamsCountersAreMeters() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        StreamStats stats = new StreamStats();
        new StreamMeters(stats, Tags.of("stream", "test")).bindTo(meters);
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(Sandboxed.IDENTITY).seedContracts(2).start();
                WechatPayClient client = Sandboxed.client(sandbox).build()) {
            List<Contract> contracts = sandbox.contracts();
            StepVerifier.create(client.creditRepayment().scheduleRecords().schedule(Flux.range(0, 20)
                            .map(i -> Sandboxed.item(contracts.get(i % 2), "MET" + i)),
                            StreamOptions.defaults().withStats(stats)).count())
                    .expectNext(20L).expectComplete().verify(WAIT);
        }
        assertThat(meters.get("wechatpay.stream.items").tags("stream", "test", "result", "created").functionCounter()
                .count()).isEqualTo(20.0);
        assertThat(meters.get("wechatpay.stream.items").tag("result", "failed").functionCounter().count()).isZero();
        assertThat(meters.get("wechatpay.stream.in_flight").gauge().value()).isZero();
        assertThat(meters.get("wechatpay.stream.throttled").functionCounter().count()).isZero();
    }
}
