package wechatpay.reactor.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The JMH table of {@code RESULTS.md}, from JMH's CSV ({@code -rf csv}). */
final class JmhSection {
    private JmhSection() {
    }

    static void append(StringBuilder out, Path csv) throws IOException {
        out.append("## JMH micro-benchmarks\n\n");
        if (csv == null || !Files.exists(csv)) {
            out.append("No JMH results (the JMH step was skipped or failed; see the log).\n\n");
            return;
        }
        List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (rows.size() < 2) {
            out.append("JMH wrote no results.\n\n");
            return;
        }
        List<String> head = cells(rows.get(0));
        int param = head.indexOf("Param: provider");
        out.append("| Benchmark | provider | Mode | Samples | Score | Error (99.9%) | Unit |\n");
        out.append("|---|---|---|---:|---:|---:|---|\n");
        for (String row : rows.subList(1, rows.size())) {
            List<String> c = cells(row);
            String name = c.get(0).replace("wechatpay.reactor.benchmarks.", "");
            String provider = param >= 0 && param < c.size() && !c.get(param).isEmpty() ? c.get(param) : "—";
            out.append("| `").append(name).append("` | ").append(provider).append(" | ").append(c.get(1)).append(" | ")
                    .append(c.get(3)).append(" | ").append(number(c.get(4))).append(" | ").append(number(c.get(5)))
                    .append(" | ").append(c.get(6)).append(" |\n");
        }
        out.append('\n');
    }

    /** Three decimals, as JMH prints its own table. */
    private static String number(String s) {
        try {
            return String.format(Locale.ROOT, "%.3f", Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return s;
        }
    }

    private static List<String> cells(String row) {
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
}
