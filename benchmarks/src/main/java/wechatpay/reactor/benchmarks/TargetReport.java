package wechatpay.reactor.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The verdict against the targets of issue 14, from the medians of this run's rounds. A target whose figures
 * were not measured says so; a miss is printed as a miss.
 */
final class TargetReport {
    private static final String CPU = LoadReport.CPU;
    private static final double ISSUE_DEMO_LOW = 227;
    private static final double ISSUE_DEMO_HIGH = 400;

    private final RoundStats stats;
    private final List<JsonNode> runs;
    private final Map<String, List<Double>> demo;
    private final List<String> openLabels;
    private final double opensslSignMicros;
    private StringBuilder out;

    TargetReport(RoundStats stats, List<JsonNode> runs, Map<String, List<Double>> demo, List<String> openLabels,
            double opensslSignMicros) {
        this.stats = stats;
        this.runs = runs;
        this.demo = demo;
        this.openLabels = openLabels;
        this.opensslSignMicros = opensslSignMicros;
    }

    void append(StringBuilder sink) {
        this.out = sink;
        line("## Against the targets of issue 14 (medians of the rounds)");
        line("");
        line("| target | measured in this run | verdict |");
        line("|---|---|---|");
        ratio("(a) ours ≥ 2.5 × the official SDK as shipped, calls per client-CPU-second", CPU, "ours", "official",
                "callsPerCpuSecond", 2.5, true);
        ratio("(a) ours ≥ 1.1 × the official SDK with ACCP, calls per client-CPU-second", CPU, "ours",
                "official-accp", "callsPerCpuSecond", 1.1, true);
        signing();
        floor();
        if (!openLabels.isEmpty()) {
            openLoop(openLabels.get(0));
        }
        demoTarget();
        List<String> failed = runs.stream().filter(r -> r.path("failed").asLong() > 0 || r.path("warmupFailed").asLong() > 0)
                .map(r -> r.get("label").asString() + "/" + r.path("variant").asString()).distinct().toList();
        verdict("every call succeeds", failed.isEmpty() ? "no failed call in any run" : "failures in " + failed,
                failed.isEmpty());
        line("");
    }

    private void signing() {
        double sign = stats.median(CPU, "ours", "signMicros");
        if (Double.isNaN(sign) || Double.isNaN(opensslSignMicros)) {
            line("| (a) our signing ≤ 1.15 × `openssl speed rsa2048` sign | not measured in this run | — |");
            return;
        }
        double r = sign / opensslSignMicros;
        verdict("(a) our signing ≤ 1.15 × `openssl speed rsa2048` sign", String.format(Locale.ROOT,
                "%.0f µs ÷ %.0f µs = %.2f", sign, opensslSignMicros, r), r <= 1.15);
    }

    /** Deliverable 2: CPU per call ≤ sign + verify + 1.1 × the raw transport floor. */
    private void floor() {
        double ours = stats.median(CPU, "ours", "cpuMicrosPerCall");
        double sv = stats.median(CPU, "ours", "signVerifyMicros");
        double raw = stats.median(CPU, "raw", "cpuMicrosPerCall");
        if (Double.isNaN(ours) || Double.isNaN(sv) || Double.isNaN(raw)) {
            line("| CPU per call ≤ sign + verify + 1.1 × raw floor | not measured in this run | — |");
            return;
        }
        double bound = sv + 1.1 * raw;
        verdict("CPU per call ≤ sign + verify + 1.1 × raw floor (deliverable 2)", String.format(Locale.ROOT,
                "%.0f µs against %.0f + 1.1 × %.0f = %.0f µs", ours, sv, raw, bound), ours <= bound);
    }

    private void openLoop(String label) {
        String at = " (" + label + ")";
        ratio("(b) CPU per call ≤ 0.8 × official, platform threads, JDK RSA (its default)" + at, label, "ours",
                "official", "cpuMicrosPerCall", 0.8, false);
        ratio("(b) CPU per call ≤ 0.8 × official, platform threads, ACCP (our provider)" + at, label, "ours",
                "official-accp", "cpuMicrosPerCall", 0.8, false);
        ratio("(b) CPU per call ≤ 0.9 × official, virtual threads, JDK RSA" + at, label, "ours", "official-vt",
                "cpuMicrosPerCall", 0.9, false);
        ratio("(b) CPU per call ≤ 0.9 × official, virtual threads, ACCP" + at, label, "ours", "official-vt-accp",
                "cpuMicrosPerCall", 0.9, false);
        ratio("(b) RSS ≤ 0.5 × official on platform threads" + at, label, "ours", "official", "peakRssMiB", 0.5, false);
        double p99 = stats.median(label, "ours", "addedP99Millis");
        if (!Double.isNaN(p99)) {
            verdict("(b) p99 added latency ≤ 5 ms" + at, stats.text(label, "ours", "addedP99Millis", 1) + " ms", p99 <= 5);
        }
    }

    private void demoTarget() {
        List<Double> ours = demo.get("ACCP (default)");
        if (ours == null || ours.isEmpty()) {
            line("| (e) README demo ≥ 3 × today's calls/s | not run | — |");
            return;
        }
        double median = RoundStats.Figure.of(ours.stream().mapToDouble(Double::doubleValue).toArray()).median();
        verdict("(e) README demo ≥ 3 × the issue's 227–400 calls/s (no build of the old main in this run)",
                String.format(Locale.ROOT, "%.0f calls/s: × %.2f–%.2f", median, median / ISSUE_DEMO_HIGH,
                        median / ISSUE_DEMO_LOW), median >= 3 * ISSUE_DEMO_HIGH);
    }

    /** {@code a ÷ b} of a median against {@code bound}: at least it when {@code higherIsBetter}, else at most. */
    private void ratio(String target, String label, String a, String b, String field, double bound,
            boolean higherIsBetter) {
        double x = stats.median(label, a, field);
        double y = stats.median(label, b, field);
        if (Double.isNaN(x) || Double.isNaN(y)) {
            line("| " + target + " | not measured in this run (" + a + " or " + b + " missing) | — |");
            return;
        }
        double r = x / y;
        verdict(target, String.format(Locale.ROOT, "%s %.0f ÷ %s %.0f = %.2f", a, x, b, y, r),
                higherIsBetter ? r >= bound : r <= bound);
    }

    private void verdict(String target, String measured, boolean met) {
        line("| " + target + " | " + measured + " | " + (met ? "met" : "**missed**") + " |");
    }

    private void line(String s) {
        out.append(s).append('\n');
    }
}
