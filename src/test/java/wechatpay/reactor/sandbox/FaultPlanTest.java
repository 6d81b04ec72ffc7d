package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * FaultPlan's decisions (a pure function of the seed, the request identity and its attempt; scripts first), the
 * rates of FaultRates, and what each Fault tells the CLI.
 */
class FaultPlanTest {
    private static final int DRAWS = 20_000;

    /** Every fault at an equal share, 90% in all. */
    private static FaultRates everyFault(long seed) {
        FaultRates faults = FaultRates.NONE.withSeed(seed);
        double share = 0.9 / Fault.values().length;
        for (Fault fault : Fault.values()) {
            faults = faults.with(fault, share);
        }
        return faults;
    }

    private static List<Optional<Fault>> decisions(FaultRates faults, int n) {
        FaultPlan plan = new FaultPlan();
        plan.set(faults);
        List<Optional<Fault>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(plan.decide("POST /v3/x " + (i % (n / 2)), 0).fault());    // each identity twice: two attempts
        }
        return out;
    }

    @Test
    void theSameSeedMakesTheSameDecisionsAndAnotherSeedOthers() {
        List<Optional<Fault>> first = decisions(everyFault(7), 2_000);
        assertThat(decisions(everyFault(7), 2_000)).isEqualTo(first);
        assertThat(decisions(everyFault(8), 2_000)).isNotEqualTo(first);
        assertThat(first).contains(Optional.empty());
        for (Fault fault : Fault.values()) {
            assertThat(first).as(fault.name()).contains(Optional.of(fault));
        }
    }

    @Test
    void eachFaultStrikesAboutItsShare() {
        FaultRates faults = FaultRates.NONE.withSeed(99).with(Fault.ACCEPTED, 0.1).with(Fault.GARBLED, 0.05)
                .with(Fault.SERVER_ERROR, 0.2);
        Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
        decisions(faults, DRAWS).forEach(d -> d.ifPresent(f -> counts.merge(f, 1, Integer::sum)));
        assertThat(counts.keySet()).containsExactlyInAnyOrder(Fault.ACCEPTED, Fault.GARBLED, Fault.SERVER_ERROR);
        faults.rates().forEach((fault, rate) ->
                assertThat(counts.get(fault) / (double) DRAWS).as(fault.name()).isCloseTo(rate, within(0.02)));
    }

    @Test
    void aRateOfOneAlwaysStrikesAndScriptedFaultsComeFirst() {
        FaultPlan plan = new FaultPlan();
        plan.set(FaultRates.NONE.with(Fault.NO_REQUEST_ID, 1.0));
        plan.enqueue(Fault.SIGN_ERROR, Fault.UNKNOWN_FIELDS);
        assertThat(plan.decide("a", 0).fault()).contains(Fault.SIGN_ERROR);
        assertThat(plan.decide("a", 0).fault()).contains(Fault.UNKNOWN_FIELDS);
        for (int i = 0; i < 50; i++) {
            assertThat(plan.decide("b" + i, 0).fault()).contains(Fault.NO_REQUEST_ID);
        }
        plan.set(FaultRates.NONE);
        assertThat(plan.decide("c", 0)).isEqualTo(FaultPlan.Decision.CLEAN);
    }

    @Test
    void faultsCopyTheirRatesAndDropZeros() {
        Map<Fault, Double> rates = new EnumMap<>(Fault.class);
        rates.put(Fault.STALE, 0.25);
        rates.put(Fault.PROBE, 0.0);
        FaultRates faults = new FaultRates(1, rates, 0, java.time.Duration.ZERO, java.time.Duration.ZERO);
        rates.put(Fault.FORGE, 0.5);
        assertThat(faults.rates()).containsExactly(Map.entry(Fault.STALE, 0.25));
        assertThat(faults.rate(Fault.FORGE)).isZero();
        assertThat(faults.with(Fault.STALE, 0)).isEqualTo(FaultRates.NONE.withSeed(1));
        assertThat(FaultRates.NONE.active()).isFalse();
        assertThat(FaultRates.NONE.with(Fault.GARBLED, 0.01).active()).isTrue();
    }

    @Test
    void everyFaultHasAHyphenatedCliNameAndAOneLineDescription() {
        for (Fault fault : Fault.values()) {
            assertThat(fault.cliName()).matches("[a-z]+(-[a-z]+)*");
            assertThat(Fault.byCliName(fault.cliName())).contains(fault);
            assertThat(fault.description()).isNotBlank().hasSizeLessThanOrEqualTo(60).doesNotContain("\n");
        }
        assertThat(Fault.SERVER_ERROR.cliName()).isEqualTo("server-error");
        assertThat(Fault.byCliName("SERVER_ERROR")).isEmpty();
        assertThat(Fault.SIGN_ERROR.beforeActing()).isTrue();
        assertThat(Fault.ACCEPTED.beforeActing()).isFalse();
        assertThat(Fault.GARBLED.editsBody()).isTrue();
        assertThat(Fault.PROBE.spoilsSignature()).isTrue();
        assertThat(Fault.RESET_AFTER.resetsConnection()).isTrue();
    }
}
