package wechatpay.reactor.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.cli.InputFields.Schema;
import wechatpay.reactor.creditrepayment.StreamOptions;
import wechatpay.reactor.creditrepayment.StreamStats;
import wechatpay.reactor.sandbox.FaultRates;

/**
 * The batch run shared by {@code schedule}, {@code deduct} and {@code demo}: parsed input lines through a stream of
 * creates, one JSONL result line per input line (as outcomes complete, so one slow item never holds the others up;
 * unusable lines as soon as they are read), progress on stderr, a summary, and the exit code (0 all created, 2 any
 * rejected or failed). What differs between schedule items and deduct orders is a {@link BatchKind}.
 */
final class Batch<T, O> {
    static final String REJECTED = "rejected";
    static final String FAILED = "failed";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BatchKind<T, O> kind;
    private final Target target;
    private final StreamOptions options;
    private final PrintStream err;
    private final boolean terminal;

    Batch(BatchKind<T, O> kind, Target target, StreamOptions options, PrintStream err, boolean terminal) {
        this.kind = kind;
        this.target = target;
        this.options = options;
        this.err = err;
        this.terminal = terminal;
    }

    /** The whole of a file command: reads {@code input} (CSV or JSONL), runs it on the target, writes results. */
    static <T, O> int fromFile(BatchKind<T, O> kind, Schema<T> schema, Path input, Path output, CallOptions calls,
            String noun) {
        if (!Files.isReadable(input)) {
            throw new UsageException("--input " + input + ": no such readable file");
        }
        StreamOptions options = calls.streamOptions();
        ClientLimits limits = calls.limits();
        InputReader.Format format;
        long total;
        try {
            format = InputReader.Format.of(input);
            total = InputReader.count(input, format);
        } catch (IOException e) {
            throw new UsageException("--input " + input + ": cannot read ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
        try (Target target = Target.resolve(calls.config, calls.sandbox, System.getenv(), limits, FaultRates.NONE);
                Sink sink = output == null ? Sink.none() : Sink.file(output)) {
            System.err.println(kind.verb() + " " + total + " " + noun + " from " + input + " on " + target.description);
            if (target.sandbox != null) {
                System.err.println("embedded sandbox contracts: " + target.contracts().stream()
                        .map(c -> c.contractId() + "/" + c.openid()).toList());
            }
            try {
                return new Batch<>(kind, target, options, System.err, System.console() != null)
                        .run(InputReader.read(input, format, schema), total, sink);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
    }

    /** Runs to the end; {@code sink} receives each result line (JSON text). */
    int run(Flux<Parsed<T>> input, long total, Sink sink) {
        StreamStats stats = new StreamStats();
        AtomicLong unusable = new AtomicLong();
        // index in the stream -> input line, for items in flight only: bounded by maxInFlight, not by the file.
        Map<Long, Long> lines = new ConcurrentHashMap<>();
        AtomicLong next = new AtomicLong();
        Flux<T> items = input
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
        Progress progress = new Progress(err, stats, total, terminal, unusable::get, kind.done());
        Disposable ticker = Flux.interval(progress.period(), progress.period()).subscribe(t -> progress.tick());
        try {
            kind.stream(target.client, items, options.withStats(stats))
                    .doOnNext(o -> sink.accept(result(lines.remove(kind.index(o)), o)))
                    .then()
                    .block();
        } finally {
            ticker.dispose();
        }
        progress.summary();
        StreamStats.Summary s = stats.snapshot();
        return s.rejected() + s.failed() + unusable.get() == 0 ? 0 : 2;
    }

    private String unusable(Parsed<T> p) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("line", p.line());
        n.putNull(kind.keyField());
        n.put("status", REJECTED);
        n.put("code", "INVALID_LINE");
        n.put("message", p.error());
        n.put("attempts", 0);
        n.putNull("request_id");
        return JSON.writeValueAsString(n);
    }

    private String result(Long line, O outcome) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("line", line == null ? kind.index(outcome) + 1 : line);
        kind.describe(outcome, n);
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
