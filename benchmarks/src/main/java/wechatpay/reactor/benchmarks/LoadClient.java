package wechatpay.reactor.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One client under load in {@link LoadHarness}. Closed loop: {@link #run} sends items {@code from..to-1} with
 * {@code prefix}, at most its in-flight limit at once, and returns when every call has an answer or a failure.
 * Open loop: {@link #start} starts one call now and returns at once. Reused for the warm-up and the timed pass,
 * then closed.
 */
interface LoadClient extends AutoCloseable {

    /** Blocks until calls {@code from..to-1} have ended; every call ends in {@code tally}, exactly once. */
    void run(String prefix, int from, int to, Tally tally) throws InterruptedException;

    /** Starts call {@code i} without waiting for it; it ends in {@code tally}, then runs {@code done}, once. */
    void start(String prefix, int i, Tally tally, Runnable done);

    /** What the harness prints about this client's set-up. */
    String describe();

    @Override
    void close();

    /** Successes and failures of one pass, failures by kind with a few examples. Thread-safe. */
    final class Tally {
        private static final int MAX_KINDS = 32;
        private static final int MAX_EXAMPLES = 5;

        private final LongAdder ok = new LongAdder();
        private final LongAdder failed = new LongAdder();
        private final Map<String, LongAdder> kinds = new ConcurrentHashMap<>();
        private final List<String> examples = new ArrayList<>();

        void success() {
            ok.increment();
        }

        void fail(String kind, String detail) {
            failed.increment();
            String key = kinds.size() < MAX_KINDS || kinds.containsKey(kind) ? kind : "(other)";
            kinds.computeIfAbsent(key, k -> new LongAdder()).increment();
            synchronized (examples) {
                if (examples.size() < MAX_EXAMPLES) {
                    String text = kind + ": " + detail;
                    examples.add(text.length() > 300 ? text.substring(0, 300) + "…" : text);
                }
            }
        }

        void fail(Throwable e) {
            fail(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }

        long succeeded() {
            return ok.sum();
        }

        long failed() {
            return failed.sum();
        }

        Map<String, Long> kinds() {
            Map<String, Long> out = new TreeMap<>();
            kinds.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }

        List<String> examples() {
            synchronized (examples) {
                return List.copyOf(examples);
            }
        }
    }
}
