package wechatpay.reactor.cli;

import java.util.Objects;
import wechatpay.reactor.creditrepayment.ScheduleItem;

/** One input record: its 1-based physical line number and either the item or why the line is unusable. */
record Parsed(long line, ScheduleItem item, String error) {
    Parsed {
        if (line < 1) {
            throw new IllegalArgumentException("line: expected >= 1, found " + line);
        }
        if ((item == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of item and error must be set");
        }
    }

    static Parsed ok(long line, ScheduleItem item) {
        return new Parsed(line, Objects.requireNonNull(item, "item"), null);
    }

    static Parsed bad(long line, String error) {
        return new Parsed(line, null, Objects.requireNonNull(error, "error"));
    }
}
