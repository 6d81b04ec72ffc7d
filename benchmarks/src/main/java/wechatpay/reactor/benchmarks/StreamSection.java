package wechatpay.reactor.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The streaming section of {@code RESULTS.md}: not re-run by {@code run-all.sh}; quotes the {@code == result ==}
 * block of the latest {@code run-stream.sh memory} report when there is one, and says when it is from.
 */
final class StreamSection {
    private StreamSection() {
    }

    static void append(StringBuilder out, String report) throws IOException {
        out.append("## (d) Streaming: 1,000,000 items under -Xmx64m\n\n");
        out.append("Not re-run by this script (it takes minutes): `bash benchmarks/run-stream.sh memory` runs "
                + "`StreamHarness` (see `benchmarks/README.md`).");
        if (report == null || !Files.exists(Path.of(report))) {
            out.append(" No streaming report was given, so there are no figures for it here.\n\n");
            return;
        }
        List<String> all = Files.readAllLines(Path.of(report), StandardCharsets.UTF_8);
        int start = all.indexOf("== result ==");
        if (start < 0) {
            out.append(" The report `").append(report).append("` has no result block.\n\n");
            return;
        }
        out.append(" Figures from an earlier run, `").append(report).append("` (not from this run):\n\n```text\n");
        for (String l : all.subList(start, all.size())) {
            if (l.startsWith("heap over time") || l.startsWith("```")) {
                break;
            }
            out.append(l).append('\n');
        }
        out.append("```\n\n");
    }
}
