package wechatpay.reactor.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one physical CSV line into fields: RFC 4180 confined to a single line. Fields are separated by commas
 * and may be enclosed in double quotes, inside which {@code ""} is one quote and commas are data. An unquoted
 * field is trimmed; a quoted field keeps its content exactly (whitespace around the quotes is dropped). A quote
 * inside an unquoted field is malformed, which also makes the continuation lines of a multi-line field bad lines
 * rather than misread ones.
 */
final class CsvLine {
    private CsvLine() {
    }

    /**
     * The fields of {@code line}, at least one ({@code ""} gives one empty field, {@code "a,"} two).
     *
     * @throws IllegalArgumentException naming what is malformed: an unterminated quoted field (quoted fields cannot
     *     span lines), text after a closing quote, a quote inside an unquoted field
     */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        int n = line.length();
        int start = 0;
        while (true) {
            int i = start;
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            int end;
            if (i < n && line.charAt(i) == '"') {
                StringBuilder value = new StringBuilder();
                end = quoted(line, i, value);
                fields.add(value.toString());
            } else {
                int comma = line.indexOf(',', start);
                end = comma < 0 ? n : comma;
                int quote = line.indexOf('"', start);
                if (quote >= 0 && quote < end) {
                    throw new IllegalArgumentException("unexpected quote at column " + (quote + 1)
                            + " inside an unquoted field (quote the whole field and write the quote as \"\")");
                }
                fields.add(line.substring(start, end).strip());
            }
            if (end >= n) {
                return fields;
            }
            start = end + 1;
        }
    }

    /** Reads the quoted field opening at {@code open} into {@code value}; returns where it ends (comma or end). */
    private static int quoted(String line, int open, StringBuilder value) {
        int n = line.length();
        int i = open + 1;
        while (true) {
            if (i >= n) {
                throw new IllegalArgumentException(
                        "unterminated quoted field (the quote at column " + (open + 1) + " is never closed)");
            }
            char c = line.charAt(i++);
            if (c != '"') {
                value.append(c);
            } else if (i < n && line.charAt(i) == '"') {
                value.append('"');
                i++;
            } else {
                break;
            }
        }
        while (i < n && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        if (i < n && line.charAt(i) != ',') {
            throw new IllegalArgumentException("unexpected text after the closing quote at column " + (i + 1)
                    + " (a quote inside a quoted field is written \"\")");
        }
        return i;
    }
}
