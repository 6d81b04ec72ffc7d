package wechatpay.reactor.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.creditrepayment.StreamOptions;
import wechatpay.reactor.creditrepayment.ScheduleOutcome;
import wechatpay.reactor.creditrepayment.StreamStats;

/**
 * The scheduling shared by {@code schedule} and {@code demo}: parsed input lines through the stream, one
 * JSONL result line per input line (as outcomes complete, so one slow item never holds the others up; unusable
 * lines as soon as they are read), progress on stderr, a summary, and the exit code (0 all scheduled, 2 any
 * rejected or failed).
 */
final class Scheduling {
    static final String SCHEDULED = "scheduled";
    static final String REJECTED = "rejected";
    static final String FAILED = "failed";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Target target;
    private final StreamOptions options;
    private final PrintStream err;
    private final boolean terminal;

    Scheduling(Target target, StreamOptions options, PrintStream err, boolean terminal) {
        this.target = target;
        this.options = options;
        this.err = err;
        this.terminal = terminal;
    }

    /** Runs to the end; {@code sink} receives each result line (JSON text). */
    int schedule(Flux<Parsed> input, long total, Sink sink) {
        StreamStats stats = new StreamStats();
        AtomicLong unusable = new AtomicLong();
        // index in the stream -> input line, for items in flight only: bounded by maxInFlight, not by the file.
        Map<Long, Long> lines = new ConcurrentHashMap<>();
        AtomicLong next = new AtomicLong();
        Flux<ScheduleItem> items = input
                .filter(p -> {
                    if (p.error() == null) {
                        return true;
                    }
                    unusable.incrementAndGet();
                    sink.accept(unusable(p));
                    return false;
                })
                .doOnNext(p -> lines.put(next.getAndIncrement(), p.line()))
                .map(Parsed::item);
        Progress progress = new Progress(err, stats, total, terminal, unusable::get);
        Disposable ticker = Flux.interval(progress.period(), progress.period()).subscribe(t -> progress.tick());
        try {
            target.client.creditRepayment().scheduleRecords()
                    .schedule(items, options.withStats(stats))
                    .doOnNext(o -> sink.accept(result(lines.remove(o.index()), o)))
                    .then()
                    .block();
        } finally {
            ticker.dispose();
        }
        progress.summary();
        StreamStats.Summary s = stats.snapshot();
        return s.rejected() + s.failed() + unusable.get() == 0 ? 0 : 2;
    }

    private static String unusable(Parsed p) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("line", p.line());
        n.putNull("out_record_id");
        n.put("status", REJECTED);
        n.put("code", "INVALID_LINE");
        n.put("message", p.error());
        n.put("attempts", 0);
        n.putNull("request_id");
        return JSON.writeValueAsString(n);
    }

    static String result(Long line, ScheduleOutcome o) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("line", line == null ? o.index() + 1 : line);
        n.put("out_record_id", o.item().outRecordId());
        n.put("contract_id", o.item().contractId());
        List<String> ids = o.requestIds();
        String requestId = ids.isEmpty() ? null : ids.get(ids.size() - 1);
        if (o instanceof ScheduleOutcome.Scheduled s) {
            n.put("status", SCHEDULED);
            n.putNull("code");
            n.putNull("message");
            n.put("reconciled", s.reconciled());
        } else if (o instanceof ScheduleOutcome.Rejected r) {
            n.put("status", REJECTED);
            n.put("code", r.code());
            n.put("message", r.message());
            n.put("field", r.field());
        } else {
            ScheduleOutcome.Failed f = (ScheduleOutcome.Failed) o;
            n.put("status", FAILED);
            n.put("code", f.code());
            n.put("message", f.message());
        }
        n.put("attempts", o.attempts());
        n.put("request_id", requestId);
        return JSON.writeValueAsString(n);
    }

    /** Where result lines go. */
    interface Sink extends java.util.function.Consumer<String>, AutoCloseable {
        @Override
        void close();

        static Sink none() {
            return new Sink() {
                public void accept(String line) {
                }

                public void close() {
                }
            };
        }

        /** A JSONL file, written line by line (calls may come from several threads). */
        static Sink file(Path path) {
            BufferedWriter writer;
            try {
                Path parent = path.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException("--output " + path + ": cannot write (" + e.getClass().getSimpleName() + ")");
            }
            return new Sink() {
                public synchronized void accept(String line) {
                    try {
                        writer.write(line);
                        writer.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                public synchronized void close() {
                    try {
                        writer.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        }
    }
}
