package wechatpay.reactor.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.cli.InputFields.Field;
import wechatpay.reactor.cli.InputFields.Schema;
import wechatpay.reactor.internal.Excerpt;

/**
 * Turns a CSV or JSONL file of wire-named fields into {@link Parsed} records of a {@link Schema} (schedule items,
 * deduct orders), one per non-blank line. It only converts text (amounts, dates, loan type, presence of required
 * fields); the business rules are the values' own ({@link ScheduleItem#validate}, ...). A bad line becomes {@link Parsed#bad} and reading goes on; only a bad CSV header
 * ({@link IllegalArgumentException}) and I/O errors end the stream. Messages name the wire field and never echo more
 * than an {@link Excerpt} of input.
 */
final class InputReader {
    private static final int READ_AHEAD = 256;
    private static final char BOM = '\uFEFF';
    /** Duplicate keys are refused rather than silently resolved to the last one: this is money. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private InputReader() {
    }

    enum Format {
        CSV, JSONL;

        /**
         * By extension: .csv → CSV; .jsonl/.ndjson/.json → JSONL; otherwise sniff the first non-blank char after an
         * optional BOM: '{' → JSONL else CSV.
         */
        static Format of(Path file) throws IOException {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".csv")) {
                return CSV;
            }
            if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
                return JSONL;
            }
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                int c = reader.read();
                if (c == BOM) {
                    c = reader.read();
                }
                while (c != -1 && Character.isWhitespace(c)) {
                    c = reader.read();
                }
                return c == '{' ? JSONL : CSV;
            }
        }
    }

    /**
     * Lazy: reads line by line as demand comes (Flux.using over a BufferedReader, UTF-8), never the whole file in
     * memory; closes the file on complete, error and cancel. Opening and every read happen on
     * {@link Schedulers#boundedElastic()}, so a request from an event loop never blocks it on the disk; reading runs
     * at most {@value #READ_AHEAD} records ahead of demand, so that small requests do not each cost a thread hop.
     */
    static <T> Flux<Parsed<T>> read(Path file, Format format, Schema<T> schema) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(schema, "schema");
        return Flux.using(() -> Files.newBufferedReader(file, StandardCharsets.UTF_8),
                        reader -> Flux.<Parsed<T>, Cursor<T>>generate(() -> new Cursor<>(new Lines(reader), format, schema),
                                Cursor::next),
                        InputReader::close)
                .subscribeOn(Schedulers.boundedElastic())
                .limitRate(READ_AHEAD);
    }

    /** Records in the file (non-blank lines, minus the CSV header), for a progress total. */
    static long count(Path file, Format format) throws IOException {
        Objects.requireNonNull(format, "format");
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Lines lines = new Lines(reader);
            long n = 0;
            while (lines.next() != null) {
                n++;
            }
            return format == Format.CSV && n > 0 ? n - 1 : n;
        }
    }

    private static void close(BufferedReader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Non-blank lines with their physical 1-based numbers; the BOM of line 1 is stripped. */
    private static final class Lines {
        private final BufferedReader reader;
        private long number;

        Lines(BufferedReader reader) {
            this.reader = reader;
        }

        /** The next non-blank line, or {@code null} at the end. */
        String next() throws IOException {
            String text;
            try {
                text = reader.readLine();
                while (text != null) {
                    number++;
                    if (number == 1 && !text.isEmpty() && text.charAt(0) == BOM) {
                        text = text.substring(1);
                    }
                    if (!text.isBlank()) {
                        return text;
                    }
                    text = reader.readLine();
                }
                return null;
            } catch (CharacterCodingException e) {
                // The decoder reads ahead, so the bad bytes are somewhere after the last line returned.
                throw new IOException("input: not valid UTF-8" + (number == 0 ? "" : " after line " + number), e);
            }
        }
    }

    /** The reading state of one subscription: the line number and, for CSV, the header's columns. */
    private static final class Cursor<T> {
        private final Lines lines;
        private final Format format;
        private final Schema<T> schema;
        /** Per field of the schema, the CSV column holding it, or -1; {@code null} until the header is read. */
        private int[] columns;
        private int width;

        Cursor(Lines lines, Format format, Schema<T> schema) {
            this.lines = lines;
            this.format = format;
            this.schema = schema;
        }

        Cursor<T> next(SynchronousSink<Parsed<T>> sink) {
            try {
                String text = lines.next();
                if (text != null && format == Format.CSV && columns == null) {
                    header(text);
                    text = lines.next();
                }
                if (text == null) {
                    sink.complete();
                } else {
                    sink.next(format == Format.CSV ? csv(text) : json(text));
                }
            } catch (IOException | IllegalArgumentException e) {
                sink.error(e);
            }
            return this;
        }

        private void header(String text) {
            List<String> names;
            try {
                names = CsvLine.split(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("input: the CSV header (line " + lines.number + ") is malformed: "
                        + e.getMessage());
            }
            int[] found = new int[schema.fields.size()];
            Arrays.fill(found, -1);
            for (int i = 0; i < names.size(); i++) {
                Integer field = schema.byWire.get(names.get(i).strip());
                if (field == null) {
                    continue;
                }
                if (found[field] >= 0) {
                    throw new IllegalArgumentException("input: the CSV header has the column "
                            + schema.fields.get(field).wire() + " twice (columns " + (found[field] + 1) + " and "
                            + (i + 1) + ")");
                }
                found[field] = i;
            }
            List<String> lacking = new ArrayList<>();
            for (int f = 0; f < found.length; f++) {
                if (schema.fields.get(f).required() && found[f] < 0) {
                    lacking.add(schema.fields.get(f).wire());
                }
            }
            if (!lacking.isEmpty()) {
                throw new IllegalArgumentException("input: the CSV header lacks the column"
                        + (lacking.size() == 1 ? " " : "s ") + String.join(", ", lacking));
            }
            columns = found;
            width = names.size();
        }

        private Parsed<T> csv(String text) {
            List<String> values;
            try {
                values = CsvLine.split(text);
            } catch (IllegalArgumentException e) {
                return Parsed.bad(lines.number, e.getMessage());
            }
            if (values.size() > width) {
                return Parsed.bad(lines.number,
                        "too many fields: " + values.size() + ", the header has " + width + " columns");
            }
            return item(field -> {
                int column = columns[schema.byWire.get(field.wire())];
                String value = column < 0 || column >= values.size() ? "" : values.get(column);
                return value.isEmpty() ? null : value;
            });
        }

        private Parsed<T> json(String text) {
            JsonNode tree;
            try {
                tree = JSON.readTree(text);
            } catch (JacksonException e) {
                TokenStreamLocation at = e.getLocation();
                String where = at == null || at.getColumnNr() < 1 ? "" : " at column " + at.getColumnNr();
                return Parsed.bad(lines.number, "not a JSON object (invalid JSON" + where + "): " + Excerpt.of(text.strip()));
            }
            if (tree == null || !tree.isObject()) {
                return Parsed.bad(lines.number, "not a JSON object: " + Excerpt.of(text.strip()));
            }
            return item(field -> InputFields.jsonValue(tree, field));
        }

        private Parsed<T> item(Function<Field, String> raw) {
            try {
                return Parsed.ok(lines.number, schema.convert(raw));
            } catch (InputFields.BadField e) {
                return Parsed.bad(lines.number, e.getMessage());
            }
        }
    }
}
