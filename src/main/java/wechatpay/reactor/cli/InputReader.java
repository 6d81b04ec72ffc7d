package wechatpay.reactor.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import wechatpay.reactor.creditrepayment.LoanType;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.internal.Excerpt;

/**
 * Turns a CSV or JSONL file of wire-named fields into {@link Parsed} records, one per non-blank line. It only
 * converts text (amounts, dates, loan type, presence of required fields); the business rules are
 * {@link ScheduleItem#validate}'s. A bad line becomes {@link Parsed#bad} and reading goes on; only a bad CSV header
 * ({@link IllegalArgumentException}) and I/O errors end the stream. Messages name the wire field and never echo more
 * than 60 characters of input.
 */
final class InputReader {
    private static final int READ_AHEAD = 256;
    private static final char BOM = '\uFEFF';
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
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
    static Flux<Parsed> read(Path file, Format format) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        return Flux.using(() -> Files.newBufferedReader(file, StandardCharsets.UTF_8),
                        reader -> Flux.generate(() -> new Cursor(new Lines(reader), format), Cursor::next),
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

    /** The fields a record may carry, in wire order. */
    private enum Field {
        CONTRACT_ID(true), APPID(true), OPENID(true), OUT_RECORD_ID(true), SUB_MCHID(true), SUB_APPID(false),
        REPAYMENT_AMOUNT(true), MIN_REPAYMENT_AMOUNT(false), REPAYMENT_DATE(true), DESCRIPTION(false),
        ATTACH(false), LOAN_TYPE(false);

        private static final Map<String, Field> BY_WIRE =
                Stream.of(values()).collect(Collectors.toUnmodifiableMap(f -> f.wire, Function.identity()));

        final String wire = name().toLowerCase(Locale.ROOT);
        final boolean required;

        Field(boolean required) {
            this.required = required;
        }

        boolean amount() {
            return this == REPAYMENT_AMOUNT || this == MIN_REPAYMENT_AMOUNT;
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
    private static final class Cursor {
        private final Lines lines;
        private final Format format;
        /** Per {@link Field#ordinal()}, the CSV column holding it, or -1; {@code null} until the header is read. */
        private int[] columns;
        private int width;

        Cursor(Lines lines, Format format) {
            this.lines = lines;
            this.format = format;
        }

        Cursor next(SynchronousSink<Parsed> sink) {
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
            int[] found = new int[Field.values().length];
            Arrays.fill(found, -1);
            for (int i = 0; i < names.size(); i++) {
                Field field = Field.BY_WIRE.get(names.get(i).strip());
                if (field == null) {
                    continue;
                }
                if (found[field.ordinal()] >= 0) {
                    throw new IllegalArgumentException("input: the CSV header has the column " + field.wire
                            + " twice (columns " + (found[field.ordinal()] + 1) + " and " + (i + 1) + ")");
                }
                found[field.ordinal()] = i;
            }
            List<String> lacking = new ArrayList<>();
            for (Field field : Field.values()) {
                if (field.required && found[field.ordinal()] < 0) {
                    lacking.add(field.wire);
                }
            }
            if (!lacking.isEmpty()) {
                throw new IllegalArgumentException("input: the CSV header lacks the column"
                        + (lacking.size() == 1 ? " " : "s ") + String.join(", ", lacking));
            }
            columns = found;
            width = names.size();
        }

        private Parsed csv(String text) {
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
                int column = columns[field.ordinal()];
                String value = column < 0 || column >= values.size() ? "" : values.get(column);
                return value.isEmpty() ? null : value;
            });
        }

        private Parsed json(String text) {
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
            return item(field -> jsonValue(tree, field));
        }

        /** Converts the record's raw values ({@code null}: absent) to an item, fields in wire order. */
        private Parsed item(Function<Field, String> raw) {
            try {
                ScheduleItem item = ScheduleItem.builder()
                        .contractId(text(raw, Field.CONTRACT_ID))
                        .appid(text(raw, Field.APPID))
                        .openid(text(raw, Field.OPENID))
                        .outRecordId(text(raw, Field.OUT_RECORD_ID))
                        .subMchid(text(raw, Field.SUB_MCHID))
                        .subAppid(text(raw, Field.SUB_APPID))
                        .repaymentAmount(amount(raw, Field.REPAYMENT_AMOUNT).orElseThrow())
                        .minRepaymentAmount(amount(raw, Field.MIN_REPAYMENT_AMOUNT))
                        .repaymentDate(date(raw, Field.REPAYMENT_DATE))
                        .description(text(raw, Field.DESCRIPTION))
                        .attach(text(raw, Field.ATTACH))
                        .loanType(loanType(raw, Field.LOAN_TYPE))
                        .build();
                return Parsed.ok(lines.number, item);
            } catch (BadField e) {
                return Parsed.bad(lines.number, e.getMessage());
            }
        }
    }

    /** A JSON value as raw text: strings as they are, numbers (for amounts only) as JSON writes them. */
    private static String jsonValue(JsonNode object, Field field) {
        JsonNode value = object.get(field.wire);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isString()) {
            return value.stringValue();
        }
        if (field.amount() && value.isNumber()) {
            return value.toString(); // 12.5, -3 and 1e3 fail the digits check with their own text
        }
        throw new BadField(field, "expected a JSON string" + (field.amount() ? " or integer" : "") + ", found "
                + switch (value.getNodeType()) {
                    case NUMBER -> "the number " + Excerpt.of(value.toString());
                    case BOOLEAN -> "the boolean " + value;
                    case ARRAY -> "an array";
                    case OBJECT -> "an object";
                    default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
                });
    }

    private static String text(Function<Field, String> raw, Field field) {
        String value = raw.apply(field);
        if (value == null && field.required) {
            throw new BadField(field, "required");
        }
        return value;
    }

    private static OptionalLong amount(Function<Field, String> raw, Field field) {
        String value = text(raw, field);
        if (value == null) {
            return OptionalLong.empty();
        }
        String digits = value.strip();
        boolean ok = !digits.isEmpty();
        for (int i = 0; ok && i < digits.length(); i++) {
            ok = digits.charAt(i) >= '0' && digits.charAt(i) <= '9';
        }
        if (!ok) {
            throw new BadField(field, "expected a whole number of fen, found " + Excerpt.quoted(value));
        }
        try {
            return OptionalLong.of(Long.parseLong(digits));
        } catch (NumberFormatException e) {
            throw new BadField(field, "expected a whole number of fen up to " + Long.MAX_VALUE + ", found "
                    + Excerpt.quoted(value));
        }
    }

    private static LocalDate date(Function<Field, String> raw, Field field) {
        String value = text(raw, field);
        if (value == null) {
            return null;
        }
        String date = value.strip();
        if (DATE.matcher(date).matches()) {
            try {
                return LocalDate.parse(date, DateTimeFormatter.ISO_LOCAL_DATE);
            } catch (DateTimeParseException e) {
                throw new BadField(field, "expected yyyy-MM-dd, found " + Excerpt.quoted(value) + " (no such date)");
            }
        }
        throw new BadField(field, "expected yyyy-MM-dd, found " + Excerpt.quoted(value));
    }

    private static LoanType loanType(Function<Field, String> raw, Field field) {
        String value = text(raw, field);
        if (value == null) {
            return null;
        }
        for (LoanType type : LoanType.values()) {
            if (type.name().equalsIgnoreCase(value.strip())) {
                return type;
            }
        }
        throw new BadField(field, "expected CONSUMER_LOAN or CASH_LOAN, found " + Excerpt.quoted(value));
    }


    /** Why a field's text cannot become a value: {@code field: rule}. Control flow only, so no stack trace. */
    private static final class BadField extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadField(Field field, String rule) {
            super(field.wire + ": " + rule, null, false, false);
        }
    }
}
