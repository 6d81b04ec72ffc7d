package wechatpay.reactor.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import wechatpay.reactor.sandbox.Faults;
import wechatpay.reactor.sandbox.SandboxState;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/** {@code sandbox}: runs the embedded WeChat Pay server until SIGINT/SIGTERM, for outside clients. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = {"Run an embedded WeChat Pay APIv3 sandbox (credit repayment) until interrupted.",
                "It writes a state file with everything a client needs: base URL, mchid, keys, contracts."})
final class SandboxCommand implements Callable<Integer> {
    @Option(names = "--port", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 0;

    @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--state", description = "State file to write (properties; PEM files go beside it).")
    Path state;

    @Option(names = "--mode", description = "Answer signing: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    WechatPaySandbox.Mode mode = WechatPaySandbox.Mode.PUBLIC_KEY;

    @Option(names = "--contracts", description = "Seeded contracts (default: ${DEFAULT-VALUE}).")
    int contracts = 4;

    @Option(names = "--seed", description = "Seed of the fault decisions (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--fail-rate", description = "Share of requests answered 500 SYSTEM_ERROR.")
    double failRate;

    @Option(names = "--unavailable-rate", description = "Share of requests answered 503 SERVICE_UNAVAILABLE.")
    double unavailableRate;

    @Option(names = "--throttle-qps", description = "Answer 429 FREQUENCY_LIMITED above this many requests per second (0 = off).")
    int throttleQps;

    @Option(names = "--throttle-rate", description = "Share of requests answered 429 regardless of rate.")
    double throttleRate;

    @Option(names = "--reset-rate", description = "Share of requests acted on, then their connection reset.")
    double resetRate;

    @Option(names = "--reset-before-rate", description = "Share of requests whose connection is reset before acting.")
    double resetBeforeRate;

    @Option(names = "--latency-ms", paramLabel = "MIN-MAX", description = "Added latency per request, e.g. 0-20.")
    String latency = "0-0";

    @Option(names = "--forge-rate", description = "Share of answers signed with a wrong key.")
    double forgeRate;

    @Option(names = "--stale-rate", description = "Share of answers with a timestamp 10 minutes old.")
    double staleRate;

    @Option(names = "--fast", description = {"Benchmark mode: identical answers reuse their signature (timestamp, nonce)",
            "for up to 4 minutes, so a warm-up pass takes the sandbox's RSA signing out of a timed pass."})
    boolean fast;

    @Option(names = "--probe-rate", description = "Share of answers carrying a WECHATPAY/SIGNTEST/ probe signature.")
    double probeRate;

    @Override
    public Integer call() throws InterruptedException {
        Faults faults = faults();
        WechatPaySandbox sandbox = WechatPaySandbox.builder().host(host).port(port).mode(mode)
                .seedContracts(contracts).faults(faults).fastAnswers(fast).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (state != null) {
            SandboxState.write(sandbox, state);
        }
        System.err.println("sandbox listening on " + sandbox.baseUrl() + " (mode " + mode + ", mchid "
                + sandbox.identity().mchid() + ")" + (state == null ? "" : "; state in " + state.toAbsolutePath()));
        System.err.println("press Ctrl+C to stop");
        stopped.await();
        return 0;
    }

    Faults faults() {
        String[] range = latency.split("-", 2);
        if (range.length != 2) {
            throw new IllegalArgumentException("--latency-ms: expected MIN-MAX in milliseconds, found '" + latency + "'");
        }
        long min;
        long max;
        try {
            min = Long.parseLong(range[0].trim());
            max = Long.parseLong(range[1].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--latency-ms: expected MIN-MAX in milliseconds, found '" + latency + "'");
        }
        return Faults.NONE.withSeed(seed).withFailRate(failRate).withUnavailableRate(unavailableRate)
                .withThrottleQps(throttleQps).withThrottleRate(throttleRate).withResetAfterRate(resetRate)
                .withResetBeforeRate(resetBeforeRate).withForgeRate(forgeRate).withStaleRate(staleRate)
                .withProbeRate(probeRate).withLatency(Duration.ofMillis(min), Duration.ofMillis(max));
    }
}
