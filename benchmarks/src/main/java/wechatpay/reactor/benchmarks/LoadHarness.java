package wechatpay.reactor.benchmarks;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.security.Security;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * End-to-end load of one client against a running sandbox (see {@code run-all.sh}), the client alone in this
 * JVM so that the process CPU time is the client's: in the closed loop its first {@code --first-calls} measured on
 * their own (the cold client's CPU per call), the CPU cost of one sign and one verify the way this client makes them
 * ({@link SignVerifyCost}), the rest of the optional untimed warm-up passes over the same items (so the sandbox in
 * {@code --fast} mode answers the timed pass with signatures it already made), then the timed pass, closed loop
 * (C in flight) or open loop (a fixed arrival rate, {@link OpenLoop}). Prints the figures and appends them as one
 * JSON line to {@code --result}. Not a JMH benchmark: figures belong in a report, never in a test.
 */
public final class LoadHarness {
    private static final double MIB = 1024.0 * 1024.0;
    private static final int FAST_WARMUP_IN_FLIGHT = 64;
    private static final String USAGE = "usage: LoadHarness --client ours|official|raw --state FILE [--variant NAME] "
            + "[--calls N (20000)] [--in-flight C (64; official: threads)] [--warmup] [--first-calls K (2000)] "
            + "[--warmup-passes P (1)] [--rate R (0 = closed loop)] [--server-latency-ms L] [--virtual-threads] [--install-accp] "
            + "[--warmup-state FILE --fast-warmup-calls N (warm-up calls first made against that sandbox)] "
            + "[--result FILE] [--label NAME] [--id-prefix P (L)] [--calibrate K (2000; 0 = skip)]";

    private final LoadFlags flags;
    private final ObjectNode result = JsonNodeFactory.instance.objectNode();

    private LoadHarness(LoadFlags flags) {
        this.flags = flags;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        LoadFlags flags;
        LoadItems items;
        try {
            flags = LoadFlags.parse(args);
            items = LoadItems.load(flags.state());
        } catch (IllegalArgumentException e) {
            System.err.println("LoadHarness: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (flags.installAccp()) {
            AmazonCorrettoCryptoProvider.install();
            AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
        }
        System.exit(new LoadHarness(flags).run(items));
    }

    private int run(LoadItems items) throws IOException, InterruptedException {
        describeRun();
        try (LoadClient client = create(items, flags.inFlight())) {
            result.put("setup", client.describe());
            out("== LoadHarness " + flags.label() + " / " + flags.variant() + " ==");
            out(client.describe());
            out(String.format(Locale.ROOT, "calls %,d, %s, items %s<i> over %d contracts, -Xmx %.0f MiB, %d cores, "
                    + "Java %s", flags.calls(), flags.openLoop() ? "open loop at " + flags.rate() + " calls/s, up to "
                    + flags.inFlight() + " in flight" : "closed loop, " + flags.inFlight() + " in flight",
                    flags.idPrefix(), items.contracts(), Runtime.getRuntime().maxMemory() / MIB,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
            // The cold calls, then the calibration, then the rest of the warm-up: run between the warm-up and the
            // timed pass, the calibration's own call sites sent the JIT back to work in the timed window.
            LoadClient.Tally warm = new LoadClient.Tally();
            long coldStart = System.nanoTime();
            int first = flags.warmup() ? coldCalls(client, warm) : 0;
            long coldNanos = System.nanoTime() - coldStart;
            if (flags.calibrate() > 0) {
                calibrate(client, items);
            }
            if (flags.warmup()) {
                warmUp(client, warm, first, coldNanos);
            }
            LoadClient.Tally tally = new LoadClient.Tally();
            RunWindow window = RunWindow.open(false);
            OpenLoop open = flags.openLoop()
                    ? OpenLoop.run(client, flags.idPrefix(), 0, flags.calls(), flags.rate(), tally) : null;
            if (open == null) {
                client.run(flags.idPrefix(), 0, flags.calls(), tally);
            }
            window.close();
            report(window, tally);
            if (open != null) {
                latencies(open);
            }
            failures(tally);
            if (flags.result() != null) {
                Files.writeString(flags.result(), JsonMapper.builder().build().writeValueAsString(result) + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            return tally.failed() == 0 ? 0 : 1;
        }
    }

    private void describeRun() {
        result.put("label", flags.label());
        result.put("variant", flags.variant());
        result.put("client", flags.client());
        result.put("calls", flags.calls());
        result.put("inFlight", flags.inFlight());
        result.put("rate", flags.rate());
        result.put("serverLatencyMillis", flags.serverLatencyMillis());
        result.put("warmup", flags.warmup());
        result.put("idPrefix", flags.idPrefix());
        result.put("startedAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        result.put("topProvider", Security.getProviders()[0].getName());
        result.put("xmxMiB", Math.round(Runtime.getRuntime().maxMemory() / MIB));
        result.put("gc", RunGauges.collectorNames());
    }

    /** In the CPU-bound runs, the first calls of the fresh JVM, measured alone; how many were made. */
    private int coldCalls(LoadClient client, LoadClient.Tally warm) throws InterruptedException {
        int first = flags.openLoop() ? 0 : Math.min(flags.firstCalls(), flags.calls());
        if (first > 0) {
            RunWindow cold = RunWindow.open(true);
            client.run(flags.idPrefix(), 0, first, warm);
            cold.close();
            result.put("firstCalls", first);
            result.put("firstCallsCpuMicros", round(cold.cpuNanos() / 1e3 / first, 1));
            result.put("firstCallsCpuMicrosSinceJvmStart", round(cold.cpuNanosSinceStart() / 1e3 / first, 1));
            out(String.format(Locale.ROOT, "first %,d calls  %.1f µs CPU per call (%.1f counting the JVM's start and "
                    + "the client's set-up)", first, cold.cpuNanos() / 1e3 / first, cold.cpuNanosSinceStart() / 1e3 / first));
        }
        return first;
    }

    /**
     * The untimed warm-up. With {@code --warmup-state}, first {@code --fast-warmup-calls} (whole passes) from a second
     * client of the same kind, {@value #FAST_WARMUP_IN_FLIGHT} in flight, against that sandbox (one without added
     * latency): against a second of latency, C calls in flight make only C calls a second, far too few for the JIT.
     * Then the rest of the passes over the timed pass's items, shaped as the timed pass: closed loop, or open loop
     * at the rate (a closed-loop warm-up left the JIT compiling the open loop's own paths in the timed window).
     */
    private void warmUp(LoadClient client, LoadClient.Tally warm, int first, long coldNanos)
            throws InterruptedException {
        long started = System.nanoTime();
        String fast = "";
        if (flags.fastWarmupCalls() > 0) { // LoadFlags: only with --warmup-state
            int passes = (flags.fastWarmupCalls() + flags.calls() - 1) / flags.calls();
            try (LoadClient elsewhere = create(LoadItems.load(flags.warmupState()), FAST_WARMUP_IN_FLIGHT)) {
                for (int pass = 0; pass < passes; pass++) {
                    elsewhere.run(flags.idPrefix(), 0, flags.calls(), warm);
                }
            }
            long n = (long) passes * flags.calls();
            fast = String.format(Locale.ROOT, "; %,d of them against the sandbox without latency, %d in flight", n,
                    FAST_WARMUP_IN_FLIGHT);
            result.put("warmupCallsWithoutLatency", n);
        }
        for (int pass = 0; pass < flags.warmupPasses(); pass++) {
            if (flags.openLoop()) {
                OpenLoop.run(client, flags.idPrefix(), 0, flags.calls(), flags.rate(), warm);
            } else {
                client.run(flags.idPrefix(), pass == 0 ? first : 0, flags.calls(), warm);
            }
        }
        double s = (System.nanoTime() - started + coldNanos) / 1e9;
        result.put("warmupSeconds", round(s, 2));
        result.put("warmupSucceeded", warm.succeeded());
        result.put("warmupFailed", warm.failed());
        out(String.format(Locale.ROOT, "warm-up          %,d ok, %,d failed in %.1f s (untimed%s)", warm.succeeded(),
                warm.failed(), s, fast));
        failures(warm);
    }

    private void calibrate(LoadClient client, LoadItems items) {
        SignVerifyCost cost = client instanceof OfficialLoad official
                ? SignVerifyCost.official(official.config(), items, flags.calibrate())
                : SignVerifyCost.measure(items, flags.calibrate());
        result.put("signMicros", round(cost.signMicros(), 1));
        result.put("verifyMicros", round(cost.verifyMicros(), 1));
        result.put("signVerifyMicros", round(cost.signMicros() + cost.verifyMicros(), 1));
        out(String.format(Locale.ROOT, "sign + verify    %.1f + %.1f = %.1f µs CPU (this client's signer and "
                + "verifier, %,d each, one thread)", cost.signMicros(), cost.verifyMicros(),
                cost.signMicros() + cost.verifyMicros(), flags.calibrate()));
    }

    private void report(RunWindow window, LoadClient.Tally tally) {
        double perCall = window.cpuNanos() / 1e3 / flags.calls();
        result.put("seconds", round(window.seconds(), 3));
        result.put("callsPerSecond", round(flags.calls() / window.seconds(), 1));
        result.put("cpuMicrosPerCall", round(perCall, 1));
        result.put("callsPerCpuSecond", round(1e6 / perCall, 1));
        result.put("cpuCores", round(window.cpuNanos() / 1e9 / window.seconds(), 2));
        if (result.has("signVerifyMicros")) {
            result.put("cpuOverSignVerify", round(perCall / result.get("signVerifyMicros").asDouble(), 2));
        }
        result.put("peakThreads", window.peakThreads());
        result.put("threadsAtEnd", window.threadsAtEnd());
        result.put("peakRssMiB", round(window.peakRssKib() / 1024.0, 1));
        result.put("peakHeapMiB", round(RunGauges.peakHeapPoolsSum() / MIB, 1));
        result.put("gcCount", window.gcCount());
        result.put("gcMillis", window.gcMillis());
        result.put("jitMillis", window.jitMillis());
        result.put("loadStart", round(window.loadStart(), 2));
        result.put("loadEnd", round(window.loadEnd(), 2));
        result.put("succeeded", tally.succeeded());
        result.put("failed", tally.failed());
        ObjectNode kinds = result.putObject("failureKinds");
        tally.kinds().forEach(kinds::put);
        tally.examples().forEach(result.putArray("failureExamples")::add);
        out(String.format(Locale.ROOT, "timed            %,d ok, %,d failed in %.2f s: %.1f calls/s", tally.succeeded(),
                tally.failed(), window.seconds(), flags.calls() / window.seconds()));
        out(String.format(Locale.ROOT, "CPU per call     %.1f µs (%.0f calls per CPU-second; %.2f cores)%s", perCall,
                1e6 / perCall, result.get("cpuCores").asDouble(), result.has("cpuOverSignVerify")
                        ? "; ÷ (sign + verify) = " + result.get("cpuOverSignVerify").asDouble() : ""));
        byThread(window);
        out(String.format(Locale.ROOT, "threads, memory  peak %d live threads (%d at the end); peak RSS %.1f MiB; "
                + "heap-pool peaks %.1f MiB", window.peakThreads(), window.threadsAtEnd(), window.peakRssKib() / 1024.0,
                RunGauges.peakHeapPoolsSum() / MIB));
        out(String.format(Locale.ROOT, "GC, JIT, load    %d collections, %d ms; JIT %d ms; load %.2f → %.2f",
                window.gcCount(), window.gcMillis(), window.jitMillis(), window.loadStart(), window.loadEnd()));
    }

    private void byThread(RunWindow window) {
        ObjectNode byThread = result.putObject("cpuMicrosPerCallByThread");
        long javaThreads = 0;
        StringBuilder groups = new StringBuilder();
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(window.threadCpuByGroup().entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        for (Map.Entry<String, Long> e : sorted) {
            javaThreads += e.getValue();
            double us = e.getValue() / 1e3 / flags.calls();
            if (us >= 0.05) {
                byThread.put(e.getKey(), round(us, 1));
                groups.append(String.format(Locale.ROOT, "%s %.1f, ", e.getKey(), us));
            }
        }
        double rest = (window.cpuNanos() - javaThreads) / 1e3 / flags.calls();
        byThread.put("(GC, JIT, VM)", round(rest, 1));
        out(String.format(Locale.ROOT, "CPU by thread    %s(GC, JIT, VM) %.1f µs per call", groups, rest));
    }

    private void latencies(OpenLoop open) {
        int server = flags.serverLatencyMillis();
        result.put("arrivalRate", round(open.arrivalRate(), 1));
        result.put("maxStartLagMillis", round(open.maxStartLagMillis(), 2));
        result.put("addedP50Millis", round(open.addedMillis(0.50, server), 2));
        result.put("addedP99Millis", round(open.addedMillis(0.99, server), 2));
        result.put("addedP999Millis", round(open.addedMillis(0.999, server), 2));
        result.put("addedMaxMillis", round(open.addedMillis(1.0, server), 2));
        out(String.format(Locale.ROOT, "arrivals         %.1f calls/s sent (offered %.0f); pacing at worst %.2f ms late",
                open.arrivalRate(), flags.rate(), open.maxStartLagMillis()));
        out(String.format(Locale.ROOT, "added latency    p50 %.2f, p99 %.2f, p99.9 %.2f, max %.2f ms above the "
                        + "server's %d ms", result.get("addedP50Millis").asDouble(), result.get("addedP99Millis").asDouble(),
                result.get("addedP999Millis").asDouble(), result.get("addedMaxMillis").asDouble(), server));
    }

    private LoadClient create(LoadItems items, int inFlight) {
        return switch (flags.client()) {
            case "ours" -> new OursLoad(items, inFlight);
            case "official" -> new OfficialLoad(items, inFlight, flags.virtualThreads());
            case "raw" -> new RawLoad(items, inFlight);
            default -> throw new IllegalStateException(flags.client());
        };
    }

    private static void failures(LoadClient.Tally tally) {
        tally.kinds().forEach((kind, n) -> out(String.format(Locale.ROOT, "  failed         %s: %,d", kind, n)));
        tally.examples().forEach(e -> out("  example        " + e));
    }

    static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }

    private static void out(String line) {
        System.out.println(line);
    }
}
