package wechatpay.reactor.benchmarks;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One timed window of {@link LoadHarness}: wall time, this process's CPU time, peak live (platform) threads and
 * heap-pool peaks (both reset at the start), the largest resident set size (sampled every 100 ms from
 * {@code /proc/self/status}), collections, JIT time, and the system load average at both ends.
 */
final class RunWindow {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private final Thread rssSampler = new Thread(this::sampleRss, "rss-sampler");
    private volatile boolean open = true;
    private volatile long peakRssKib = -1;
    private long jitStart;
    private long jitEnd;
    private long startNanos;
    private long endNanos;
    private long cpuStart;
    private long cpuEnd;
    private long[] gcStart;
    private long[] gcEnd;
    private double loadStart;
    private double loadEnd;
    private int peakThreads;
    private int threadsAtEnd;
    private Map<Long, Long> threadCpuStart = Map.of();
    private Map<String, Long> threadCpu = Map.of();

    /** Opens a window; {@code quiet} skips the {@code System.gc()} and the pool resets (for the warm-up window). */
    static RunWindow open(boolean quiet) {
        if (!quiet) {
            System.gc();
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    p.resetPeakUsage();
                }
            }
        }
        RunWindow w = new RunWindow();
        w.threads.resetPeakThreadCount();
        w.loadStart = w.os.getSystemLoadAverage();
        w.gcStart = w.collections();
        w.threadCpuStart = w.threadCpu();
        w.jitStart = w.totalJitMillis();
        w.rssSampler.setDaemon(true);
        w.rssSampler.start();
        w.cpuStart = w.os.getProcessCpuTime();
        w.startNanos = System.nanoTime();
        return w;
    }

    void close() {
        endNanos = System.nanoTime();
        cpuEnd = os.getProcessCpuTime();
        open = false;
        threadCpu = byGroup(threadCpuStart, threadCpu());
        jitEnd = totalJitMillis();
        gcEnd = collections();
        loadEnd = os.getSystemLoadAverage();
        peakThreads = threads.getPeakThreadCount();
        threadsAtEnd = threads.getThreadCount();
        peakRssKib = Math.max(peakRssKib, rssKib());
    }

    private void sampleRss() {
        while (open) {
            peakRssKib = Math.max(peakRssKib, rssKib());
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** VmRSS of this process in KiB, -1 where there is no {@code /proc}. */
    static long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** CPU time of every live Java thread, by id. */
    private Map<Long, Long> threadCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long t = threads.getThreadCpuTime(id);
            if (t >= 0) {
                cpu.put(id, t);
            }
        }
        return cpu;
    }

    /** CPU spent in the window by the threads alive at its end, grouped by name without the trailing number. */
    private Map<String, Long> byGroup(Map<Long, Long> start, Map<Long, Long> end) {
        Map<String, Long> groups = new TreeMap<>();
        end.forEach((id, t) -> {
            ThreadInfo info = threads.getThreadInfo(id);
            if (info != null && !info.getThreadName().equals("rss-sampler")) {
                String group = info.getThreadName().replaceAll("[-# ]*\\d+$", "");
                groups.merge(group.isEmpty() ? "(unnamed)" : group, t - start.getOrDefault(id, 0L), Long::sum);
            }
        });
        return groups;
    }

    private long[] collections() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : collectors) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    private long totalJitMillis() {
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /** Java threads' CPU in the window by name group; what the process used beyond them is GC, JIT and the VM. */
    Map<String, Long> threadCpuByGroup() {
        return threadCpu;
    }

    double seconds() {
        return (endNanos - startNanos) / 1e9;
    }

    long cpuNanos() {
        return cpuEnd - cpuStart;
    }

    /** Process CPU from the JVM's start to the end of this window. */
    long cpuNanosSinceStart() {
        return cpuEnd;
    }

    long gcCount() {
        return gcEnd[0] - gcStart[0];
    }

    long gcMillis() {
        return gcEnd[1] - gcStart[1];
    }

    /** Time the JIT compilers spent compiling during the window (-1 if the JVM does not say). */
    long jitMillis() {
        return jitStart < 0 ? -1 : jitEnd - jitStart;
    }

    double loadStart() {
        return loadStart;
    }

    double loadEnd() {
        return loadEnd;
    }

    int peakThreads() {
        return peakThreads;
    }

    int threadsAtEnd() {
        return threadsAtEnd;
    }

    long peakRssKib() {
        return peakRssKib;
    }
}
