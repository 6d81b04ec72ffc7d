package wechatpay.reactor.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import tools.jackson.databind.JsonNode;

/**
 * The PNG charts {@code run-all.sh} writes beside {@code RESULTS.md}, drawn with XChart from the same JSON lines
 * as the tables: calls per client-CPU-second by client, CPU per call split into sign / verify / the rest, and the
 * open-loop runs' added-latency percentiles (log scale). Bars are medians of the rounds; the whiskers reach the
 * farther of the min and the max. Headless.
 */
public final class Charts {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 480;
    /** The floor of the log-scale latency axis: figures below it are drawn at it. */
    private static final double MIN_MILLIS = 0.1;

    private final RoundStats stats;
    private final Path dir;

    private Charts(RoundStats stats, Path dir) {
        this.stats = stats;
        this.dir = dir;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: Charts RESULTS.jsonl OUTPUT-DIR");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        List<JsonNode> runs = LoadReport.readRuns(Path.of(args[0]));
        Charts charts = new Charts(new RoundStats(runs), Path.of(args[1]));
        charts.callsPerCpuSecond();
        charts.cpuSplit();
        for (String label : runs.stream().map(r -> r.get("label").asString())
                .filter(l -> l.startsWith(LoadReport.OPEN)).distinct().toList()) {
            charts.latency(label);
        }
    }

    private void callsPerCpuSecond() throws IOException {
        List<String> clients = stats.variants(LoadReport.CPU);
        if (clients.isEmpty()) {
            return;
        }
        CategoryChart chart = chart("Calls per client-CPU-second, CPU-bound (median; whisker: farther of min, max)",
                "calls per CPU-second");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.addSeries("calls per client-CPU-second", clients, medians(clients, "callsPerCpuSecond"),
                whiskers(clients, "callsPerCpuSecond"));
        save(chart, "calls-per-cpu-second");
    }

    private void cpuSplit() throws IOException {
        List<String> clients = stats.variants(LoadReport.CPU);
        if (clients.isEmpty()) {
            return;
        }
        CategoryChart chart = chart("CPU per call, CPU-bound: sign, verify and the rest (medians; lower is better)",
                "µs of client CPU per call");
        chart.getStyler().setStacked(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        List<Double> sign = values(clients, v -> orZero(stats.median(LoadReport.CPU, v, "signMicros")));
        List<Double> verify = values(clients, v -> orZero(stats.median(LoadReport.CPU, v, "verifyMicros")));
        List<Double> rest = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            double cpu = stats.median(LoadReport.CPU, clients.get(i), "cpuMicrosPerCall");
            rest.add(Math.max(0, cpu - sign.get(i) - verify.get(i)));
        }
        chart.addSeries("sign", clients, sign);
        chart.addSeries("verify", clients, verify);
        chart.addSeries("the rest (transport, JSON, scheduling, GC, JIT)", clients, rest);
        save(chart, "cpu-split");
    }

    private void latency(String label) throws IOException {
        List<String> clients = stats.variants(label);
        String rate = stats.rounds(label, clients.get(0)).get(0).path("rate").asString().replaceAll("\\.0$", "");
        CategoryChart chart = chart("Added latency above the server's 1 s at " + rate + " calls/s offered "
                + "(medians, log scale; lower is better)", "ms added by the client");
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(MIN_MILLIS);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        for (String[] p : new String[][] {{"p50", "addedP50Millis"}, {"p99", "addedP99Millis"},
                {"p99.9", "addedP999Millis"}}) {
            chart.addSeries(p[0], clients, values(clients, v -> Math.max(MIN_MILLIS, orZero(stats.median(label, v, p[1])))));
        }
        save(chart, label + "-latency");
    }

    private static CategoryChart chart(String title, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yTitle)
                .build();
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(0);
        return chart;
    }

    private List<Double> medians(List<String> clients, String field) {
        return values(clients, v -> stats.median(LoadReport.CPU, v, field));
    }

    private List<Double> whiskers(List<String> clients, String field) {
        return values(clients, v -> stats.figure(LoadReport.CPU, v, field)
                .map(f -> Math.max(f.median() - f.min(), f.max() - f.median())).orElse(0.0));
    }

    private static List<Double> values(List<String> clients, ToDoubleFunction<String> f) {
        List<Double> out = new ArrayList<>();
        clients.forEach(c -> out.add(f.applyAsDouble(c)));
        return out;
    }

    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private void save(CategoryChart chart, String name) throws IOException {
        BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
