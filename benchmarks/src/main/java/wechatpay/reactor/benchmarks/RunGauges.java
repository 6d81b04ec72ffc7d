package wechatpay.reactor.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What {@link StreamHarness} samples about its own JVM once a second: cumulative calls and outcomes, heap in
 * use ({@code Runtime}), and heap in use right after the latest garbage collection (from GC notifications: the
 * live set, the figure that shows growth). Grows by one row per second, never per item. One writer thread.
 */
final class RunGauges {
    private static final Runtime RUNTIME = Runtime.getRuntime();

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private volatile long afterGc = -1;
    private volatile long maxAfterGc = -1;
    private final NotificationListener listener = (n, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            Map<String, MemoryUsage> after = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData())
                    .getGcInfo().getMemoryUsageAfterGc();
            long used = after.entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                    .mapToLong(e -> e.getValue().getUsed()).sum();
            afterGc = used;
            maxAfterGc = Math.max(maxAfterGc, used);
        }
    };

    private long[] nanos = new long[64];
    private long[] calls = new long[64];
    private long[] outcomes = new long[64];
    private long[] heapUsed = new long[64];
    private long[] heapAfterGc = new long[64];
    private int size;
    private final long startNanos;

    RunGauges(long startNanos) {
        this.startNanos = startNanos;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
            }
        }
    }

    /** Takes one row; returns its index. */
    int sample(long callsSoFar, long outcomesSoFar) {
        if (size == nanos.length) {
            int n = size * 2;
            nanos = Arrays.copyOf(nanos, n);
            calls = Arrays.copyOf(calls, n);
            outcomes = Arrays.copyOf(outcomes, n);
            heapUsed = Arrays.copyOf(heapUsed, n);
            heapAfterGc = Arrays.copyOf(heapAfterGc, n);
        }
        nanos[size] = System.nanoTime();
        calls[size] = callsSoFar;
        outcomes[size] = outcomesSoFar;
        heapUsed[size] = RUNTIME.totalMemory() - RUNTIME.freeMemory();
        heapAfterGc[size] = afterGc;
        return size++;
    }

    int size() {
        return size;
    }

    /** Seconds from the start to row {@code i}; row -1 is the start itself. */
    double seconds(int i) {
        return ((i < 0 ? startNanos : nanos[i]) - startNanos) / 1e9;
    }

    long calls(int i) {
        return i < 0 ? 0 : calls[i];
    }

    long outcomes(int i) {
        return i < 0 ? 0 : outcomes[i];
    }

    long heapUsed(int i) {
        return heapUsed[i];
    }

    long heapAfterGc(int i) {
        return heapAfterGc[i];
    }

    /** Calls between rows {@code from} (exclusive; -1 = the start) and {@code to}, per second. */
    double callRate(int from, int to) {
        double s = seconds(to) - seconds(from);
        return s <= 0 ? 0 : (calls(to) - calls(from)) / s;
    }

    long maxHeapUsedSampled() {
        return max(i -> heapUsed[i]);
    }

    /** The largest heap in use right after any collection so far (-1 if none ran). */
    long maxHeapAfterGc() {
        return maxAfterGc;
    }

    private long max(java.util.function.IntToLongFunction f) {
        long m = -1;
        for (int i = 0; i < size; i++) {
            m = Math.max(m, f.applyAsLong(i));
        }
        return m;
    }

    /** The largest peak usage of any heap pool (eden, survivor, old), as the JVM recorded it. */
    static long peakHeapPool() {
        return heapPoolPeaks(Math::max);
    }

    /** The sum of all heap pools' peaks: an upper bound of the heap ever in use at once. */
    static long peakHeapPoolsSum() {
        return heapPoolPeaks(Long::sum);
    }

    private static long heapPoolPeaks(java.util.function.LongBinaryOperator fold) {
        long acc = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                acc = fold.applyAsLong(acc, p.getPeakUsage().getUsed());
            }
        }
        return acc;
    }

    /** Collections so far and their total time, over every collector: "123 GCs, 1.5 s". */
    static String collections() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return count + " GCs, " + String.format("%.1f s", millis / 1000.0);
    }

    static String collectorNames() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", "));
    }
}
