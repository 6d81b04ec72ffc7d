package wechatpay.reactor.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one run's figures into the Markdown sections of {@code RESULTS.md} (see {@code run-all.sh}): the JMH
 * table (from JMH's CSV), the end-to-end tables (from {@link LoadHarness}'s JSON lines, labels {@code cpu} and
 * {@code latency}), where each client's CPU went, the streaming figures (from a {@code StreamHarness} report,
 * when given) and the verdict against the targets. Prints to standard output; figures are copied as the
 * harnesses wrote them, only ratios are computed here.
 */
public final class LoadReport {
    private static final String USAGE = "usage: LoadReport --results FILE.jsonl [--jmh FILE.csv] [--stream REPORT]";

    private final List<JsonNode> runs;
    private final StringBuilder out = new StringBuilder();

    private LoadReport(List<JsonNode> runs) {
        this.runs = runs;
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
        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> runs = new ArrayList<>();
        Path results = Path.of(v.get("--results"));
        if (Files.exists(results)) {
            for (String line : Files.readAllLines(results, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    runs.add(json.readTree(line));
                }
            }
        }
        LoadReport report = new LoadReport(runs);
        report.jmh(v.containsKey("--jmh") ? Path.of(v.get("--jmh")) : null);
        report.cpuBound();
        report.latencyBound();
        report.cpuByThread();
        Optional<StreamFigures> stream = StreamFigures.read(v.containsKey("--stream") ? Path.of(v.get("--stream")) : null);
        report.stream(stream, v.get("--stream"));
        report.targets(stream);
        System.out.print(report.out);
    }

    private void jmh(Path csv) throws IOException {
        line("## JMH micro-benchmarks");
        line("");
        if (csv == null || !Files.exists(csv)) {
            line("No JMH results (the JMH step did not run or failed; see the log).");
            line("");
            return;
        }
        List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (rows.size() < 2) {
            line("JMH wrote no results.");
            line("");
            return;
        }
        List<String> head = csvRow(rows.get(0));
        int param = head.indexOf("Param: provider");
        line("| Benchmark | provider | Mode | Samples | Score | Error (99.9%) | Unit |");
        line("|---|---|---|---:|---:|---:|---|");
        for (String row : rows.subList(1, rows.size())) {
            List<String> c = csvRow(row);
            String name = c.get(0).replace("wechatpay.reactor.benchmarks.", "");
            line("| `" + name + "` | " + (param >= 0 && param < c.size() && !c.get(param).isEmpty() ? c.get(param) : "—")
                    + " | " + c.get(1) + " | " + c.get(3) + " | " + number(c.get(4)) + " | " + number(c.get(5))
                    + " | " + c.get(6) + " |");
        }
        line("");
    }

    private void cpuBound() {
        List<JsonNode> cpu = labelled("cpu");
        line("## End-to-end, CPU-bound (fast sandbox, no added latency)");
        line("");
        if (cpu.isEmpty()) {
            line("No CPU-bound runs in this result file.");
            line("");
            return;
        }
        table(cpu);
        Optional<JsonNode> ours = first(cpu, "ours");
        Optional<JsonNode> official = first(cpu, "official");
        Optional<JsonNode> raw = first(cpu, "raw");
        if (ours.isPresent() && official.isPresent()) {
            line(String.format(Locale.ROOT, "- **ours ÷ official SDK, calls/s: %.2f** (%s ÷ %s, at %d in flight / %d threads)",
                    ratio(ours.get(), official.get(), "callsPerSecond"), text(ours.get(), "callsPerSecond"),
                    text(official.get(), "callsPerSecond"), ours.get().get("inFlight").asInt(),
                    official.get().get("inFlight").asInt()));
            line(String.format(Locale.ROOT, "- ours ÷ official SDK, client CPU per call: %.2f (%s µs ÷ %s µs)",
                    ratio(ours.get(), official.get(), "cpuMicrosPerCall"), text(ours.get(), "cpuMicrosPerCall"),
                    text(official.get(), "cpuMicrosPerCall")));
            coresNote(ours.get(), official.get());
        }
        ours.filter(o -> o.has("cpuOverSignVerify")).ifPresent(o -> line(String.format(Locale.ROOT,
                "- **our CPU per call ÷ (sign + verify): %s** (%s µs ÷ (%s + %s) µs, sign and verify measured in "
                        + "the same JVM just before its timed window)", text(o, "cpuOverSignVerify"),
                text(o, "cpuMicrosPerCall"), text(o, "signMicros"), text(o, "verifyMicros"))));
        ours.filter(o -> o.has("signVerifyMicros")).ifPresent(o -> line(String.format(Locale.ROOT,
                "- the client's signing ceiling on %d cores, cores ÷ (sign + verify): %.0f calls/s (the sandbox "
                        + "shares the same cores, so the end-to-end ceiling is lower)", o.get("cores").asInt(),
                o.get("cores").asInt() * 1e6 / o.get("signVerifyMicros").asDouble())));
        raw.ifPresent(r -> line(String.format(Locale.ROOT, "- transport floor (raw, unsigned): %s calls/s at %s µs "
                        + "CPU per call: what is left of each call when signing and verifying are taken away",
                text(r, "callsPerSecond"), text(r, "cpuMicrosPerCall"))));
        line("");
    }

    private void latencyBound() {
        List<JsonNode> lat = labelled("latency");
        line("## Latency-bound (fast sandbox adding 100 ms to every call)");
        line("");
        if (lat.isEmpty()) {
            line("No latency-bound runs in this result file.");
            line("");
            return;
        }
        table(lat);
        Optional<JsonNode> ours = first(lat, "ours");
        Optional<JsonNode> best = lat.stream().filter(r -> r.get("client").asString().equals("official"))
                .max(Comparator.comparingDouble(r -> r.get("callsPerSecond").asDouble()));
        if (ours.isPresent() && best.isPresent()) {
            line(String.format(Locale.ROOT, "- **ours (%d in flight) ÷ the official SDK's best (%d threads), calls/s: "
                            + "%.2f** (%s ÷ %s); live threads %d against %d",
                    ours.get().get("inFlight").asInt(), best.get().get("inFlight").asInt(),
                    ratio(ours.get(), best.get(), "callsPerSecond"), text(ours.get(), "callsPerSecond"),
                    text(best.get(), "callsPerSecond"), ours.get().get("peakThreads").asInt(),
                    best.get().get("peakThreads").asInt()));
            line(String.format(Locale.ROOT, "- ours ÷ the official SDK's best, client CPU per call: %.2f (%s µs ÷ %s µs)",
                    ratio(ours.get(), best.get(), "cpuMicrosPerCall"), text(ours.get(), "cpuMicrosPerCall"),
                    text(best.get(), "cpuMicrosPerCall")));
            coresNote(ours.get(), best.get());
        }
        line("");
    }

    /**
     * calls/s = cores used ÷ CPU per call: when the sandbox shares the cores, a calls/s gap with equal CPU per call
     * is a gap in the share of the cores each client got, not in what a call costs.
     */
    private void coresNote(JsonNode ours, JsonNode official) {
        if (ours.has("cpuCores") && official.has("cpuCores")) {
            line(String.format(Locale.ROOT, "- cores used by the client over its timed pass: ours %s, official %s "
                            + "(calls/s = cores used ÷ CPU per call; the sandbox, on the same %d cores, had the rest)",
                    text(ours, "cpuCores"), text(official, "cpuCores"), ours.get("cores").asInt()));
        }
    }

    private void table(List<JsonNode> rows) {
        line("| client | in flight (official: threads) | calls ok / failed | calls/s | CPU µs per call | cores used "
                + "| sign + verify µs (same JVM) | CPU ÷ (sign + verify) | peak live threads | peak heap MiB "
                + "| GC count / ms | JIT compile ms | seconds | load avg start → end |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (JsonNode r : rows) {
            line("| " + r.get("client").asString() + " | " + r.get("inFlight").asInt() + " | "
                    + String.format(Locale.ROOT, "%,d / %,d", r.get("succeeded").asLong(), r.get("failed").asLong())
                    + " | " + text(r, "callsPerSecond") + " | " + text(r, "cpuMicrosPerCall") + " | "
                    + text(r, "cpuCores") + " | " + (r.has("signMicros") ? text(r, "signMicros") + " + " + text(r, "verifyMicros") : "—") + " | "
                    + (r.has("cpuOverSignVerify") ? text(r, "cpuOverSignVerify") : "—") + " | "
                    + r.get("peakThreads").asInt() + " | " + text(r, "peakHeapMiB") + " | "
                    + r.get("gcCount").asLong() + " / " + r.get("gcMillis").asLong() + " | "
                    + (r.has("jitMillis") ? r.get("jitMillis").asLong() : "—") + " | " + text(r, "seconds") + " | "
                    + text(r, "loadStart") + " → " + text(r, "loadEnd") + " |");
        }
        line("");
        for (JsonNode r : rows) {
            if (r.get("failed").asLong() > 0 || r.path("warmupFailed").asLong() > 0) {
                line("- **" + r.get("client").asString() + " had failures**: timed " + r.get("failed").asLong()
                        + ", warm-up " + r.path("warmupFailed").asLong() + "; kinds " + r.get("failureKinds")
                        + "; examples " + r.get("failureExamples"));
            }
        }
    }

    private void cpuByThread() {
        line("## Where each client's CPU went (µs per call, by thread group)");
        line("");
        line("Java threads' CPU time over the timed window (`ThreadMXBean`), grouped by name without the trailing "
                + "number; `(GC, JIT, VM)` is the process CPU time no Java thread accounts for: garbage collection, "
                + "JIT compilation and the VM's own threads.");
        line("");
        line("| run | client | in flight | CPU by thread group, µs per call |");
        line("|---|---|---:|---|");
        for (JsonNode r : runs) {
            StringBuilder groups = new StringBuilder();
            r.path("cpuMicrosPerCallByThread").properties().forEach(e -> groups.append(groups.isEmpty() ? "" : ", ")
                    .append(e.getKey()).append(' ').append(e.getValue().asString()));
            line("| " + r.get("label").asString() + " | " + r.get("client").asString() + " | "
                    + r.get("inFlight").asInt() + " | " + groups + " |");
        }
        line("");
    }

    private void stream(Optional<StreamFigures> stream, String path) {
        line("## Streaming: 1,000,000 items under -Xmx64m");
        line("");
        line("Not re-run here: `bash benchmarks/run-stream.sh memory` runs `StreamHarness` (see the README section "
                + "on streaming runs). Note that `run-stream.sh` starts its sandbox without `--fast`, so there the "
                + "sandbox signs every answer on the same cores as the client.");
        stream.ifPresentOrElse(s -> {
            line("Figures from that run's report `" + path + "`:");
            line("");
            line("```text");
            s.lines().forEach(this::line);
            line("```");
        }, () -> line("No streaming report was found (set STREAM_REPORT to one), so there are no figures for it here."));
        line("");
    }

    private void targets(Optional<StreamFigures> stream) {
        line("## Against the targets of issue 7");
        line("");
        line("| target | measured in this run | verdict |");
        line("|---|---|---|");
        List<JsonNode> cpu = labelled("cpu");
        Optional<JsonNode> ours = first(cpu, "ours");
        Optional<JsonNode> official = first(cpu, "official");
        ours.filter(o -> o.has("cpuOverSignVerify")).ifPresent(o -> verdict(
                "CPU-bound: our CPU per call ≤ 1.1 × (sign + verify)",
                String.format(Locale.ROOT, "%s µs ÷ %s µs = %s", text(o, "cpuMicrosPerCall"), text(o, "signVerifyMicros"),
                        text(o, "cpuOverSignVerify")), o.get("cpuOverSignVerify").asDouble() <= 1.1));
        if (ours.isPresent() && official.isPresent()) {
            double r = ratio(ours.get(), official.get(), "callsPerSecond");
            verdict("CPU-bound: our calls/s ≥ the official SDK's at equal in-flight (" + ours.get().get("inFlight").asInt()
                    + ")", String.format(Locale.ROOT, "%s vs %s calls/s (× %.2f)", text(ours.get(), "callsPerSecond"),
                    text(official.get(), "callsPerSecond"), r), r >= 1.0);
        }
        List<JsonNode> lat = labelled("latency");
        Optional<JsonNode> oursLat = first(lat, "ours");
        Optional<JsonNode> best = lat.stream().filter(r -> r.get("client").asString().equals("official"))
                .max(Comparator.comparingDouble(r -> r.get("callsPerSecond").asDouble()));
        if (oursLat.isPresent() && best.isPresent()) {
            double r = ratio(oursLat.get(), best.get(), "callsPerSecond");
            verdict("Latency-bound (100 ms, " + oursLat.get().get("inFlight").asInt()
                            + " in flight): our calls/s ≥ 1.3 × the official SDK's best",
                    String.format(Locale.ROOT, "%s vs %s calls/s (official, %d threads): × %.2f",
                            text(oursLat.get(), "callsPerSecond"), text(best.get(), "callsPerSecond"),
                            best.get().get("inFlight").asInt(), r), r >= 1.3);
            int threads = oursLat.get().get("peakThreads").asInt();
            verdict("Latency-bound: with under 40 threads", "peak " + threads + " live threads (official: "
                    + best.get().get("peakThreads").asInt() + ")", threads < 40);
        }
        stream.ifPresentOrElse(s -> verdict("1M items complete under -Xmx64m", s.summary(), s.met()),
                () -> line("| 1M items complete under -Xmx64m | not measured by this script | — |"));
        List<String> failed = runs.stream().filter(r -> r.get("failed").asLong() > 0 || r.path("warmupFailed").asLong() > 0)
                .map(r -> r.get("label").asString() + "/" + r.get("client").asString()).toList();
        verdict("Every call succeeds", failed.isEmpty() ? "no failed call in any run" : "failures in " + failed,
                failed.isEmpty());
        line("");
        line("The issue's reference figures for the official SDK (another machine, a canned stand-in server): "
                + "CPU-bound 64 threads ≈ 870 calls/s at ≈ 2.0 ms client CPU per call; 100 ms latency 577 calls/s "
                + "with 64 threads, 784 calls/s with 1,000 threads (1,011 live threads, 2.3 ms CPU per call). "
                + "Compare ratios within this run, not these absolute figures.");
        line("");
    }

    private void verdict(String target, String measured, boolean met) {
        line("| " + target + " | " + measured + " | " + (met ? "met" : "**missed**") + " |");
    }

    private List<JsonNode> labelled(String label) {
        return runs.stream().filter(r -> r.get("label").asString().equals(label)).toList();
    }

    private static Optional<JsonNode> first(List<JsonNode> rows, String client) {
        return rows.stream().filter(r -> r.get("client").asString().equals(client)).findFirst();
    }

    private static double ratio(JsonNode a, JsonNode b, String field) {
        return a.get(field).asDouble() / b.get(field).asDouble();
    }

    /** The number as the harness wrote it. */
    private static String text(JsonNode r, String field) {
        JsonNode v = r.get(field);
        return v == null ? "—" : v.asString();
    }

    /** Three decimals, as JMH prints its own table. */
    private static String number(String s) {
        try {
            return String.format(Locale.ROOT, "%.3f", Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return s;
        }
    }

    private static List<String> csvRow(String row) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    private void line(String s) {
        out.append(s).append('\n');
    }

    /** The {@code == result ==} block of a {@code StreamHarness} report, and whether it meets the 1M / 64 MiB target. */
    private record StreamFigures(List<String> lines, long requested, long scheduled, double xmxMiB) {
        static Optional<StreamFigures> read(Path report) throws IOException {
            if (report == null || !Files.exists(report)) {
                return Optional.empty();
            }
            List<String> all = Files.readAllLines(report, StandardCharsets.UTF_8);
            int start = all.indexOf("== result ==");
            if (start < 0) {
                return Optional.empty();
            }
            List<String> block = new ArrayList<>();
            long requested = -1;
            long scheduled = -1;
            double xmx = -1;
            for (String l : all.subList(start, all.size())) {
                if (l.startsWith("heap over time") || l.startsWith("```")) {
                    break;
                }
                block.add(l);
                if (l.startsWith("items ")) {
                    requested = Long.parseLong(l.replaceAll("^items\\s+([0-9,]+) requested.*$", "$1").replace(",", ""));
                } else if (l.startsWith("outcomes ") && l.contains("scheduled")) {
                    scheduled = Long.parseLong(l.replaceAll("^outcomes\\s+scheduled ([0-9,]+),.*$", "$1").replace(",", ""));
                } else if (l.startsWith("max heap (-Xmx)")) {
                    xmx = Double.parseDouble(l.replaceAll("^max heap \\(-Xmx\\)\\s+([0-9.]+) MiB.*$", "$1"));
                }
            }
            return Optional.of(new StreamFigures(block, requested, scheduled, xmx));
        }

        boolean met() {
            return requested >= 1_000_000 && scheduled == requested && xmxMiB > 0 && xmxMiB <= 64.0;
        }

        String summary() {
            return String.format(Locale.ROOT, "%,d of %,d items scheduled with -Xmx %.1f MiB (from the streaming report)",
                    scheduled, requested, xmxMiB);
        }
    }
}
