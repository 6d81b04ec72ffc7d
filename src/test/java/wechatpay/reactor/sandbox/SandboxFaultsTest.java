package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static wechatpay.reactor.sandbox.SandboxFixtures.IDENTITY;
import static wechatpay.reactor.sandbox.SandboxFixtures.SCHEDULE;
import static wechatpay.reactor.sandbox.SandboxFixtures.schedule;
import static wechatpay.reactor.sandbox.SandboxFixtures.text;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import wechatpay.reactor.internal.Verdict.Kind;

/** Each fault mode, scripted and by rate, and the counters tests rely on. */
class SandboxFaultsTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    private SandboxCaller callerFor(WechatPaySandbox sandbox) {
        SandboxCaller caller = new SandboxCaller(sandbox);
        open.add(caller);
        open.add(sandbox);
        return caller;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({"THROTTLE, 429, FREQUENCY_LIMITED", "SERVER_ERROR, 500, SYSTEM_ERROR",
            "UNAVAILABLE, 503, SERVICE_UNAVAILABLE", "SIGN_ERROR, 401, SIGN_ERROR"})
    void refusalsComeBeforeActingAndAreSigned(Fault fault, int status, String code) {
        WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
        SandboxCaller caller = callerFor(sandbox);
        String body = text(schedule(sandbox.contracts().get(0), "F1", 10_000));
        sandbox.enqueue(fault);
        SandboxCaller.Answer a = caller.post(SCHEDULE, body);
        assertThat(a.status()).isEqualTo(status);
        assertThat(a.json().get("code").stringValue()).isEqualTo(code);
        assertThat(a.verdict().isValid()).isTrue();
        assertThat(sandbox.created("F1")).isZero();
        assertThat(caller.post(SCHEDULE, body).status()).isEqualTo(200);
        assertThat(sandbox.created("F1")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"RESET_BEFORE, 0", "RESET_AFTER, 1"})
    void aResetKillsTheConnectionBeforeOrAfterActing(Fault fault, int created) {
        WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
        SandboxCaller caller = callerFor(sandbox);
        sandbox.enqueue(fault);
        assertThatThrownBy(() -> caller.post(SCHEDULE, text(schedule(sandbox.contracts().get(0), "F2", 10_000))))
                .isNotNull();
        assertThat(sandbox.created("F2")).isEqualTo(created);
        assertThat(sandbox.stats().count(SandboxStats.RESET)).isEqualTo(1);
        assertThat(caller.get("/v3/certificates").status()).isEqualTo(404);  // the server lives on
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"FORGE, BAD_SIGNATURE", "STALE, STALE_TIMESTAMP", "PROBE, PROBE", "UNKNOWN_SERIAL, UNKNOWN_SERIAL"})
    void spoiledSignaturesOnACorrectAnswer(Fault fault, Kind verdict) {
        WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
        SandboxCaller caller = callerFor(sandbox);
        sandbox.enqueue(fault);
        SandboxCaller.Answer a = caller.post(SCHEDULE, text(schedule(sandbox.contracts().get(0), "F3", 10_000)));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.verdict().kind()).isEqualTo(verdict);
        assertThat(sandbox.created("F3")).isEqualTo(1);
    }

    @Test
    void latencyDelaysTheAnswerAtLeastTheMinimum() {
        WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY)
                .faults(FaultRates.NONE.withLatency(Duration.ofMillis(150), Duration.ofMillis(150))).start();
        SandboxCaller caller = callerFor(sandbox);
        long start = System.nanoTime();
        assertThat(caller.get("/v3/certificates").status()).isEqualTo(404);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void rateFaultsAreDeterministicFromTheSeed() {
        FaultRates faults = FaultRates.NONE.withSeed(42).with(Fault.SERVER_ERROR, 0.3).with(Fault.UNAVAILABLE, 0.2)
                .with(Fault.THROTTLE, 0.1);
        List<Integer> first = statuses(faults);
        assertThat(first).contains(200, 500, 503, 429);
        assertThat(statuses(faults)).isEqualTo(first);
        assertThat(statuses(faults.withSeed(43))).isNotEqualTo(first);
    }

    private List<Integer> statuses(FaultRates faults) {
        WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).faults(faults).start();
        SandboxCaller caller = callerFor(sandbox);
        Contract c = sandbox.contracts().get(1);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            out.add(caller.post(SCHEDULE, text(schedule(c, "D" + i, 10_000))).status());
        }
        return out;
    }

    @Test
    void throttleQpsAnswers429AboveTheRate() {
        WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY)
                .faults(FaultRates.NONE.withThrottleQps(5)).start();
        SandboxCaller caller = callerFor(sandbox);
        List<Integer> statuses = Flux.range(0, 30)
                .flatMap(i -> caller.callAsync("GET", "/v3/certificates", null, h -> { }), 8)
                .map(SandboxCaller.Answer::status).collectList().block(Duration.ofSeconds(30));
        assertThat(statuses).hasSize(30).contains(429);
        assertThat(sandbox.stats().count(429)).isEqualTo(statuses.stream().filter(s -> s == 429).count());
    }

    @Test
    void theMostConcurrentRequestsSeenIsCounted() throws InterruptedException {
        WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY)
                .faults(FaultRates.NONE.withLatency(Duration.ofMillis(100), Duration.ofMillis(100))).start();
        SandboxCaller caller = callerFor(sandbox);
        Flux.range(0, 12).flatMap(i -> caller.callAsync("GET", "/v3/certificates", null, h -> { }), 4)
                .blockLast(Duration.ofSeconds(30));
        assertThat(sandbox.stats().maxInFlight()).isBetween(2, 4);
        // A request leaves the count once its answer is written, which may be just after the client has read it.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (sandbox.stats().inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(sandbox.stats().inFlight()).isZero();
        assertThat(sandbox.stats().count(404)).isEqualTo(12);
    }

    @Test
    void faultsCanBeChangedDuringARun() {
        WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
        SandboxCaller caller = callerFor(sandbox);
        sandbox.faults(FaultRates.NONE.with(Fault.SERVER_ERROR, 1.0));
        assertThat(caller.get("/v3/certificates").status()).isEqualTo(500);
        sandbox.faults(FaultRates.NONE);
        assertThat(caller.get("/v3/certificates").status()).isEqualTo(404);
    }

    @Test
    void faultRatesAreValidated() {
        assertThatThrownBy(() -> FaultRates.NONE.with(Fault.SERVER_ERROR, 1.5))
                .hasMessage("rate of SERVER_ERROR: expected a number in [0, 1], found 1.5");
        assertThatThrownBy(() -> FaultRates.NONE.with(Fault.PROBE, Double.NaN))
                .hasMessage("rate of PROBE: expected a number in [0, 1], found NaN");
        assertThatThrownBy(() -> FaultRates.NONE.with(Fault.THROTTLE, 0.6).with(Fault.FORGE, 0.5))
                .hasMessage("rates: expected a total of at most 1, found 1.1 in {THROTTLE=0.6, FORGE=0.5}");
        assertThat(FaultRates.NONE.with(Fault.THROTTLE, 0.1).with(Fault.SERVER_ERROR, 0.2).with(Fault.FORGE, 0.7).active())
                .isTrue();
        assertThatThrownBy(() -> FaultRates.NONE.withThrottleQps(-1))
                .hasMessage("throttleQps: expected >= 0 (0 = off), found -1");
        assertThatThrownBy(() -> FaultRates.NONE.withLatency(Duration.ofMillis(5), Duration.ofMillis(1)))
                .hasMessageStartingWith("latency: expected 0 <= min <= max");
    }
}
