package wechatpay.reactor.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one run's figures into the Markdown sections of {@code RESULTS.md} (see {@code run-all.sh}): the noise of
 * the machine, the CPU-bound, warm-up and open-loop tables (from {@link LoadHarness}'s JSON lines, every figure
 * the median of its rounds with min–max), the demo, where the CPU went, JMH, the streaming run when given, and
 * the verdict against the targets ({@link TargetReport}). Figures are copied as the harnesses wrote them; only
 * medians and ratios are computed here.
 */
public final class LoadReport {
    private static final String USAGE = "usage: LoadReport --results FILE.jsonl [--demo FILE.tsv] [--jmh FILE.csv] "
            + "[--stream REPORT] [--openssl-sign-micros S]";
    static final String CPU = "cpu";
    static final String OPEN = "open";
    private static final int KEPT_UP_P99_MILLIS = 100;

    private final RoundStats stats;
    private final List<JsonNode> runs;
    private final Map<String, List<Double>> demo;
    private final StringBuilder out = new StringBuilder();

    private LoadReport(List<JsonNode> runs, Map<String, List<Double>> demo) {
        this.runs = runs;
        this.stats = new RoundStats(runs);
        this.demo = demo;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> v = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            v.put(args[i], args[i + 1]);
        }
        if (args.length % 2 != 0 || !v.containsKey("--results")) {
            System.err.println(USAGE);
            System.exit(2);
        }
        LoadReport report = new LoadReport(readRuns(Path.of(v.get("--results"))), readDemo(v.get("--demo")));
        report.noise();
        report.cpuBound();
        report.warmUp();
        for (String label : report.openLabels()) {
            report.openLoop(label);
        }
        report.demo();
        report.cpuByThread();
        JmhSection.append(report.out, v.containsKey("--jmh") ? Path.of(v.get("--jmh")) : null);
        StreamSection.append(report.out, v.get("--stream"));
        new TargetReport(report.stats, report.runs, report.demo, report.openLabels(),
                Double.parseDouble(v.getOrDefault("--openssl-sign-micros", "NaN"))).append(report.out);
        System.out.print(report.out);
    }

    static List<JsonNode> readRuns(Path results) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> runs = new ArrayList<>();
        if (Files.exists(results)) {
            for (String line : Files.readAllLines(results, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    runs.add(json.readTree(line));
                }
            }
        }
        return runs;
    }

    /** {@code variant <TAB> round <TAB> calls/s} lines of the demo runs, by variant in the order they ran. */
    static Map<String, List<Double>> readDemo(String file) throws IOException {
        Map<String, List<Double>> demo = new java.util.LinkedHashMap<>();
        if (file != null && Files.exists(Path.of(file))) {
            for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
                String[] cells = line.split("\t");
                if (cells.length == 3 && !cells[2].isBlank()) {
                    demo.computeIfAbsent(cells[0], k -> new ArrayList<>()).add(Double.parseDouble(cells[2]));
                }
            }
        }
        return demo;
    }

    List<String> openLabels() {
        return runs.stream().map(r -> r.get("label").asString()).filter(l -> l.startsWith(OPEN)).distinct().toList();
    }

    private void noise() {
        line("## Noise of this machine during the run");
        line("");
        List<Double> cpu = stats.spreads("cpuMicrosPerCall");
        List<Double> rate = stats.spreads("callsPerSecond");
        double loadMin = runs.stream().mapToDouble(r -> r.path("loadStart").asDouble()).min().orElse(Double.NaN);
        double loadMax = runs.stream().mapToDouble(r -> r.path("loadEnd").asDouble()).max().orElse(Double.NaN);
        line(String.format(Locale.ROOT, "- round-to-round spread ((max − min) ÷ median) of CPU per call over the %d "
                + "groups of rounds: median %s, worst %s; of calls/s: median %s, worst %s", cpu.size(),
                percent(median(cpu)), percent(max(cpu)), percent(median(rate)), percent(max(rate))));
        line(String.format(Locale.ROOT, "- 1-minute load average seen by the runs: %.2f to %.2f (the runs' own "
                + "threads and the sandbox's count too; 2 cores)", loadMin, loadMax));
        line("- A difference smaller than the spread of its rounds is not a finding.");
        line("");
    }

    private void cpuBound() {
        line("## (a) CPU-bound, " + first(CPU, "inFlight") + " in flight (fast sandbox, no added latency)");
        line("");
        line("![calls per client-CPU-second](calls-per-cpu-second.png)");
        line("![CPU per call: sign, verify, the rest](cpu-split.png)");
        line("");
        line("| client | Java | calls per client-CPU-second | CPU µs per call | sign µs | verify µs | calls/s "
                + "| cores used | peak threads | peak RSS MiB | warm-up calls | JIT ms in the timed pass | rounds | failed |");
        line("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String v : stats.variants(CPU)) {
            line("| " + v + " | " + java(CPU, v) + " | " + stats.text(CPU, v, "callsPerCpuSecond", 0) + " | "
                    + stats.text(CPU, v, "cpuMicrosPerCall", 0) + " | " + stats.text(CPU, v, "signMicros", 0) + " | "
                    + stats.text(CPU, v, "verifyMicros", 0) + " | " + stats.text(CPU, v, "callsPerSecond", 0) + " | "
                    + stats.text(CPU, v, "cpuCores", 2) + " | " + stats.text(CPU, v, "peakThreads", 0) + " | "
                    + stats.text(CPU, v, "peakRssMiB", 0) + " | " + stats.text(CPU, v, "warmupSucceeded", 0)
                    + " | " + stats.text(CPU, v, "jitMillis", 0) + " | " + stats.rounds(CPU, v).size() + " | "
                    + failed(CPU, v) + " |");
        }
        line("");
        line("JIT ms: the JVM's compilation time during the timed pass (`CompilationMXBean`); near zero means the "
                + "client was measured warm, a large figure means its warm-up was too short to measure it.");
        line("");
        line("Sign and verify: this client's own signer and verifier, measured on one thread of the same JVM after "
                + "its first calls and before the rest of its warm-up (ours: `RsaRequestSigner`, `AnswerVerifier`; official: its `Signer` from its "
                + "config and `RSAVerifier`). `raw` signs nothing: the transport floor. Calls/s depends on the share "
                + "of the 2 cores the client got beside the sandbox; calls per client-CPU-second does not.");
        line("");
    }

    private void warmUp() {
        line("## (c) Warm-up: the first calls of a fresh JVM (CPU-bound runs)");
        line("");
        line("| client | calls | CPU µs per call | counting the JVM's start and set-up | warm (timed pass) |");
        line("|---|---:|---:|---:|---:|");
        for (String v : stats.variants(CPU)) {
            if (stats.figure(CPU, v, "firstCallsCpuMicros").isPresent()) {
                line("| " + v + " | " + first(CPU, "firstCalls") + " | " + stats.text(CPU, v, "firstCallsCpuMicros", 0)
                        + " | " + stats.text(CPU, v, "firstCallsCpuMicrosSinceJvmStart", 0) + " | "
                        + stats.text(CPU, v, "cpuMicrosPerCall", 0) + " |");
            }
        }
        line("");
    }

    private void openLoop(String label) {
        line("## (b) Open loop: " + first(label, "rate") + " calls/s offered against " + first(label, "serverLatencyMillis")
                + " ms of server latency");
        line("");
        line("![added latency percentiles](" + label + "-latency.png)");
        line("");
        line("| client | Java | arrivals/s sent | CPU µs per call | peak live threads "
                + "| peak RSS MiB | added p50 ms | added p99 ms | added p99.9 ms | added max ms | failed |");
        line("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String v : stats.variants(label)) {
            line("| " + v + " | " + java(label, v) + " | " + stats.text(label, v, "arrivalRate", 0) + " | "
                    + stats.text(label, v, "cpuMicrosPerCall", 0)
                    + " | " + stats.text(label, v, "peakThreads", 0) + " | " + stats.text(label, v, "peakRssMiB", 0)
                    + " | " + stats.text(label, v, "addedP50Millis", 1) + " | " + stats.text(label, v, "addedP99Millis", 1)
                    + " | " + stats.text(label, v, "addedP999Millis", 1) + " | " + stats.text(label, v, "addedMaxMillis", 1)
                    + " | " + failed(label, v) + " |");
        }
        line("");
        List<String> behind = stats.variants(label).stream()
                .filter(v -> stats.median(label, v, "addedP99Millis") > KEPT_UP_P99_MILLIS).toList();
        line(behind.isEmpty() ? "Every client kept up with the offered rate (median p99 added latency under "
                + KEPT_UP_P99_MILLIS + " ms)." : "**Did not keep up** (median p99 added latency over " + KEPT_UP_P99_MILLIS
                + " ms: calls queued in the client): " + String.join(", ", behind) + ".");
        line("");
        line("Added latency: from when each call was due (arrival i at i ÷ rate s) to its end, minus the server's "
                + "latency; it also holds the sandbox's own work beyond its delay (it verifies every request and shares the "
                + "2 cores) and loopback, the same for every client. The CPU window "
                + "runs from the first arrival to the last answer (the last second has fewer calls in flight). Live threads are platform threads (`ThreadMXBean`; virtual threads are not counted, their carriers are).");
        line("");
    }

    private void demo() {
        line("## (e) The README demo, end to end");
        line("");
        if (demo.isEmpty()) {
            line("Not run (`SKIP_DEMO=1`).");
            line("");
            return;
        }
        line("`java -jar cli.jar demo --items N` (client and embedded sandbox in one JVM, faults on), its summary's calls/s:");
        line("");
        line("| RSA provider | calls/s, median (min–max) | rounds |");
        line("|---|---:|---:|");
        demo.forEach((v, values) -> line("| " + v + " | " + RoundStats.Figure.of(values.stream()
                .mapToDouble(Double::doubleValue).toArray()).text(0) + " | " + values.size() + " |"));
        line("");
    }

    private void cpuByThread() {
        line("## Where each client's CPU went (µs per call by thread group, medians of the rounds)");
        line("");
        line("`(GC, JIT, VM)` is the process CPU no Java thread accounts for.");
        line("");
        line("| section | client | CPU by thread group |");
        line("|---|---|---|");
        List<String> labels = runs.stream().map(r -> r.get("label").asString()).distinct().toList();
        for (String label : labels) {
            for (String v : stats.variants(label)) {
                StringBuilder groups = new StringBuilder();
                stats.cpuByThread(label, v).forEach((g, us) -> groups.append(groups.isEmpty() ? "" : ", ")
                        .append(g).append(' ').append(String.format(Locale.ROOT, "%.1f", us)));
                line("| " + label + " | " + v + " | " + groups + " |");
            }
        }
        line("");
    }

    private String java(String label, String variant) {
        List<JsonNode> r = stats.rounds(label, variant);
        return r.isEmpty() ? "—" : r.get(0).path("java").asString().replaceAll(" .*", "");
    }

    private String failed(String label, String variant) {
        long n = stats.rounds(label, variant).stream().mapToLong(r -> r.path("failed").asLong()
                + r.path("warmupFailed").asLong()).sum();
        return n == 0 ? "0" : "**" + n + "**";
    }

    private String first(String label, String field) {
        return runs.stream().filter(r -> r.get("label").asString().equals(label)).findFirst()
                .map(r -> r.path(field).asString()).orElse("—").replaceAll("\\.0$", "");
    }

    static String percent(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    private static double median(List<Double> v) {
        return v.isEmpty() ? Double.NaN : RoundStats.Figure.of(v.stream().mapToDouble(Double::doubleValue).toArray()).median();
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private void line(String s) {
        out.append(s).append('\n');
    }
}
