package wechatpay.reactor.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The rounds of one run of {@code run-all.sh}, grouped by section ({@code label}) and client variant in the order
 * they first ran: every figure of a group as the median of its rounds with their min and max. Only reads.
 */
final class RoundStats {
    private final Map<String, Map<String, List<JsonNode>>> groups = new LinkedHashMap<>();

    RoundStats(List<JsonNode> runs) {
        for (JsonNode r : runs) {
            String variant = r.has("variant") ? r.get("variant").asString() : r.get("client").asString();
            groups.computeIfAbsent(r.get("label").asString(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(variant, k -> new ArrayList<>()).add(r);
        }
    }

    /** The variants of a section, in the order they first ran. */
    List<String> variants(String label) {
        return List.copyOf(groups.getOrDefault(label, Map.of()).keySet());
    }

    List<JsonNode> rounds(String label, String variant) {
        return groups.getOrDefault(label, Map.of()).getOrDefault(variant, List.of());
    }

    /** The figure over the rounds that have it; empty when none has. */
    Optional<Figure> figure(String label, String variant, String field) {
        double[] values = rounds(label, variant).stream().filter(r -> r.has(field))
                .mapToDouble(r -> r.get(field).asDouble()).toArray();
        return values.length == 0 ? Optional.empty() : Optional.of(Figure.of(values));
    }

    /** The median of a figure, or NaN when there is none. */
    double median(String label, String variant, String field) {
        return figure(label, variant, field).map(Figure::median).orElse(Double.NaN);
    }

    /** "median (min–max)" of a figure, or "—". */
    String text(String label, String variant, String field, int digits) {
        return figure(label, variant, field).map(f -> f.text(digits)).orElse("—");
    }

    /** The median of each rounds' per-thread-group CPU, by group. */
    Map<String, Double> cpuByThread(String label, String variant) {
        Map<String, List<Double>> all = new LinkedHashMap<>();
        for (JsonNode r : rounds(label, variant)) {
            r.path("cpuMicrosPerCallByThread").properties()
                    .forEach(e -> all.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue().asDouble()));
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        all.forEach((k, v) -> medians.put(k, Figure.of(v.stream().mapToDouble(Double::doubleValue).toArray()).median()));
        return medians;
    }

    /** The largest spread over the rounds, (max − min) ÷ median, of {@code field} over every group that has it. */
    List<Double> spreads(String field) {
        List<Double> out = new ArrayList<>();
        groups.forEach((label, byVariant) -> byVariant.keySet().forEach(v -> figure(label, v, field)
                .filter(f -> f.count() > 1).ifPresent(f -> out.add(f.spread()))));
        return out;
    }

    /** One figure over the rounds. */
    record Figure(double median, double min, double max, int count) {
        static Figure of(double[] values) {
            double[] s = values.clone();
            Arrays.sort(s);
            int n = s.length;
            double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
            return new Figure(median, s[0], s[n - 1], n);
        }

        double spread() {
            return median == 0 ? 0 : (max - min) / median;
        }

        String text(int digits) {
            String f = "%,." + digits + "f";
            return count == 1 ? String.format(Locale.ROOT, f + " (1 round)", median)
                    : String.format(Locale.ROOT, f + " (" + f + "–" + f + ")", median, min, max);
        }
    }
}
