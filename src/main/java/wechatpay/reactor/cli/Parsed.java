package wechatpay.reactor.cli;

import java.util.Objects;

/** One input record: its 1-based physical line number and either the value or why the line is unusable. */
record Parsed<T>(long line, T item, String error) {
    Parsed {
        if (line < 1) {
            throw new IllegalArgumentException("line: expected >= 1, found " + line);
        }
        if ((item == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of item and error must be set");
        }
    }

    static <T> Parsed<T> ok(long line, T item) {
        return new Parsed<>(line, Objects.requireNonNull(item, "item"), null);
    }

    static <T> Parsed<T> bad(long line, String error) {
        return new Parsed<>(line, null, Objects.requireNonNull(error, "error"));
    }
}
