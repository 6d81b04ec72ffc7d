package wechatpay.reactor.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import wechatpay.reactor.creditrepayment.StreamStats;

/**
 * Progress on stderr: redrawn in place on a terminal, a line every few seconds otherwise (logs, CI); and the
 * closing summary.
 */
final class Progress {
    private final PrintStream err;
    private final StreamStats stats;
    private final long total;
    private final boolean terminal;
    private final java.util.function.LongSupplier unusable;
    private final String done;
    private long lastCalls;
    private long lastNanos = System.nanoTime();

    /** {@code unusable} counts input lines that could not become items: rejected before the stream. */
    Progress(PrintStream err, StreamStats stats, long total, boolean terminal, java.util.function.LongSupplier unusable,
            String done) {
        this.err = err;
        this.stats = stats;
        this.total = total;
        this.terminal = terminal;
        this.unusable = unusable;
        this.done = done;
    }

    /** How often {@link #tick()} should run. */
    Duration period() {
        return terminal ? Duration.ofMillis(250) : Duration.ofSeconds(5);
    }

    synchronized void tick() {
        StreamStats.Summary s = stats.snapshot();
        long now = System.nanoTime();
        double rate = (s.calls() - lastCalls) / Math.max(1e-9, (now - lastNanos) / 1e9);
        lastCalls = s.calls();
        lastNanos = now;
        long finished = s.outcomes() + unusable.getAsLong();
        String eta = "";
        if (total > 0 && finished > 0 && finished < total) {
            double perItem = s.elapsed().toNanos() / 1e9 / finished;
            eta = ", ETA " + format(Duration.ofSeconds((long) (perItem * (total - finished))));
        }
        String line = String.format(Locale.ROOT, "%d/%s done, %.0f calls/s, %d %s, %d rejected, %d failed%s",
                finished, total > 0 ? Long.toString(total) : "?", rate, s.created(), done, s.rejected() + unusable.getAsLong(),
                s.failed(), eta);
        if (terminal) {
            err.print("\r" + line + "\033[K");
        } else {
            err.println(line);
        }
        err.flush();
    }

    synchronized void summary() {
        if (terminal) {
            err.print("\r\033[K");
        }
        StreamStats.Summary s = stats.snapshot();
        long bad = unusable.getAsLong();
        err.printf(Locale.ROOT, "summary: %d %s, %d rejected, %d failed of %d in %s (%.0f calls/s, "
                        + "%d calls, %d retries, %d reconciled)%n", s.created(), done, s.rejected() + bad, s.failed(),
                s.outcomes() + bad, format(s.elapsed()), s.callsPerSecond(), s.calls(), s.retries(), s.reconciled());
        if (s.stoppedBecause() != null) {
            err.printf(Locale.ROOT, "stopped calling: %s; %d items were not sent (code STOPPED): check the merchant's "
                    + "key, serial and permissions, then send them again%n", s.stoppedBecause(), s.stopped());
        }
        err.flush();
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        return ms < 60_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0)
                : String.format(Locale.ROOT, "%d min %02d s", ms / 60_000, ms / 1000 % 60);
    }
}
