package wechatpay.reactor.integration;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Every line logged through {@link Loggers} by loggers created while installed, at every level, formatted as
 * SLF4J would ({@code {}} filled in, a throwable's {@code toString()} and its causes appended). {@link #close()}
 * puts Reactor's default logger factory back, so nothing leaks into other tests.
 */
final class CapturedLogs implements AutoCloseable {
    private final Queue<String> lines = new ConcurrentLinkedQueue<>();

    CapturedLogs() {
        Loggers.useCustomLoggers(Line::new);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        Loggers.resetLoggerFactory();
    }

    private final class Line implements Logger {
        private final String name;

        Line(String name) {
            this.name = name;
        }

        private void add(String level, String format, Object... args) {
            StringBuilder out = new StringBuilder(level).append(' ').append(name).append(": ");
            int arg = 0;
            int at = 0;
            for (int open = format.indexOf("{}"); open >= 0; open = format.indexOf("{}", at)) {
                out.append(format, at, open).append(arg < args.length ? String.valueOf(args[arg++]) : "{}");
                at = open + 2;
            }
            out.append(format.substring(at));
            for (; arg < args.length; arg++) {
                for (Object a = args[arg]; a instanceof Throwable t; a = t.getCause()) {
                    out.append(" | ").append(t);
                }
            }
            lines.add(out.toString());
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public void trace(String msg) {
            add("TRACE", msg);
        }

        @Override
        public void trace(String format, Object... arguments) {
            add("TRACE", format, arguments);
        }

        @Override
        public void trace(String msg, Throwable t) {
            add("TRACE", msg, t);
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public void debug(String msg) {
            add("DEBUG", msg);
        }

        @Override
        public void debug(String format, Object... arguments) {
            add("DEBUG", format, arguments);
        }

        @Override
        public void debug(String msg, Throwable t) {
            add("DEBUG", msg, t);
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public void info(String msg) {
            add("INFO", msg);
        }

        @Override
        public void info(String format, Object... arguments) {
            add("INFO", format, arguments);
        }

        @Override
        public void info(String msg, Throwable t) {
            add("INFO", msg, t);
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public void warn(String msg) {
            add("WARN", msg);
        }

        @Override
        public void warn(String format, Object... arguments) {
            add("WARN", format, arguments);
        }

        @Override
        public void warn(String msg, Throwable t) {
            add("WARN", msg, t);
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        public void error(String msg) {
            add("ERROR", msg);
        }

        @Override
        public void error(String format, Object... arguments) {
            add("ERROR", format, arguments);
        }

        @Override
        public void error(String msg, Throwable t) {
            add("ERROR", msg, t);
        }
    }
}
