package wechatpay.reactor.benchmarks;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * End-to-end load of one client against a running sandbox (see {@code run-all.sh}), the client alone in this
 * JVM so that the process CPU time is the client's: an optional untimed warm-up pass over the same items (so the
 * sandbox in {@code --fast} mode answers the timed pass with signatures it already made), the CPU cost of one
 * sign and one verify measured on this JVM's thread ({@link SignVerifyCost}), then the timed pass. Prints the
 * figures and appends them as one JSON line to {@code --result}. Not a JMH benchmark: figures belong in a
 * report, never in a test.
 */
public final class LoadHarness {
    private static final double MIB = 1024.0 * 1024.0;
    private static final String USAGE = "usage: LoadHarness --client ours|official|raw --state FILE [--calls N (20000)] "
            + "[--in-flight C (64; official: threads)] [--warmup] [--result FILE] [--label NAME] "
            + "[--id-prefix P (L)] [--calibrate K (2000 sign+verify iterations; 0 = skip)]";

    private LoadHarness() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        LoadFlags flags;
        LoadItems items;
        try {
            flags = LoadFlags.parse(args);
            items = LoadItems.load(flags.state());
        } catch (IllegalArgumentException e) {
            System.err.println("LoadHarness: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        System.exit(run(flags, items));
    }

    private static int run(LoadFlags flags, LoadItems items) throws IOException, InterruptedException {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("label", flags.label());
        result.put("client", flags.client());
        result.put("calls", flags.calls());
        result.put("inFlight", flags.inFlight());
        result.put("warmup", flags.warmup());
        result.put("idPrefix", flags.idPrefix());
        result.put("startedAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        result.put("xmxMiB", Math.round(Runtime.getRuntime().maxMemory() / MIB));
        result.put("gc", RunGauges.collectorNames());

        try (LoadClient client = create(flags, items)) {
            result.put("setup", client.describe());
            out("== LoadHarness " + flags.label() + " / " + flags.client() + " ==");
            out(client.describe());
            out(String.format(Locale.ROOT, "calls %,d, in flight %d, items %s<i> over %d contracts, -Xmx %.0f MiB, "
                            + "%d cores", flags.calls(), flags.inFlight(), flags.idPrefix(), items.contracts(),
                    Runtime.getRuntime().maxMemory() / MIB, Runtime.getRuntime().availableProcessors()));

            if (flags.warmup()) {
                LoadClient.Tally warm = new LoadClient.Tally();
                long t = System.nanoTime();
                client.run(flags.idPrefix(), flags.calls(), warm);
                double s = (System.nanoTime() - t) / 1e9;
                result.put("warmupSeconds", round(s, 2));
                result.put("warmupSucceeded", warm.succeeded());
                result.put("warmupFailed", warm.failed());
                out(String.format(Locale.ROOT, "warm-up          %,d ok, %,d failed in %.1f s (%.1f calls/s, untimed)",
                        warm.succeeded(), warm.failed(), s, flags.calls() / s));
                failures(warm);
            }

            if (flags.calibrate() > 0) {
                SignVerifyCost cost = SignVerifyCost.measure(items, flags.calibrate());
                result.put("signMicros", round(cost.signMicros(), 1));
                result.put("verifyMicros", round(cost.verifyMicros(), 1));
                result.put("signVerifyMicros", round(cost.signMicros() + cost.verifyMicros(), 1));
                out(String.format(Locale.ROOT, "sign + verify    %.1f + %.1f = %.1f µs CPU (JDK provider, %,d each, "
                                + "this JVM's thread)", cost.signMicros(), cost.verifyMicros(),
                        cost.signMicros() + cost.verifyMicros(), flags.calibrate()));
            }

            Window window = Window.open();
            LoadClient.Tally tally = new LoadClient.Tally();
            client.run(flags.idPrefix(), flags.calls(), tally);
            window.close();

            double perCall = window.cpuNanos() / 1e3 / flags.calls();
            double rate = flags.calls() / window.seconds();
            result.put("seconds", round(window.seconds(), 3));
            result.put("callsPerSecond", round(rate, 1));
            result.put("cpuMicrosPerCall", round(perCall, 1));
            result.put("cpuCores", round(window.cpuNanos() / 1e9 / window.seconds(), 2));
            if (result.has("signVerifyMicros")) {
                result.put("cpuOverSignVerify", round(perCall / result.get("signVerifyMicros").asDouble(), 2));
            }
            result.put("peakThreads", window.peakThreads());
            result.put("threadsAtEnd", window.threadsAtEnd());
            result.put("peakHeapMiB", round(window.peakHeapSum() / MIB, 1));
            result.put("peakHeapPoolMiB", round(window.peakHeapPool() / MIB, 1));
            result.put("gcCount", window.gcCount());
            result.put("gcMillis", window.gcMillis());
            result.put("jitMillis", window.jitMillis());
            result.put("loadStart", round(window.loadStart(), 2));
            result.put("loadEnd", round(window.loadEnd(), 2));
            result.put("succeeded", tally.succeeded());
            result.put("failed", tally.failed());
            ObjectNode kinds = result.putObject("failureKinds");
            tally.kinds().forEach(kinds::put);
            tally.examples().forEach(result.putArray("failureExamples")::add);

            out(String.format(Locale.ROOT, "timed            %,d ok, %,d failed in %.2f s", tally.succeeded(),
                    tally.failed(), window.seconds()));
            out(String.format(Locale.ROOT, "calls/s          %.1f", rate));
            out(String.format(Locale.ROOT, "CPU per call     %.1f µs (process CPU %.2f s over the timed window: %.2f cores)%s",
                    perCall, window.cpuNanos() / 1e9, result.get("cpuCores").asDouble(), result.has("cpuOverSignVerify")
                            ? String.format(Locale.ROOT, "; ÷ (sign + verify) = %.2f",
                            result.get("cpuOverSignVerify").asDouble()) : ""));
            ObjectNode byThread = result.putObject("cpuMicrosPerCallByThread");
            long javaThreads = 0;
            StringBuilder groups = new StringBuilder();
            List<Map.Entry<String, Long>> sorted = new java.util.ArrayList<>(window.threadCpuByGroup().entrySet());
            sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
            for (Map.Entry<String, Long> e : sorted) {
                javaThreads += e.getValue();
                double us = e.getValue() / 1e3 / flags.calls();
                if (us >= 0.05) {
                    byThread.put(e.getKey(), round(us, 1));
                    groups.append(String.format(Locale.ROOT, "%s %.1f, ", e.getKey(), us));
                }
            }
            double rest = (window.cpuNanos() - javaThreads) / 1e3 / flags.calls();
            byThread.put("(GC, JIT, VM)", round(rest, 1));
            out(String.format(Locale.ROOT, "CPU by thread    %s(GC, JIT, VM) %.1f µs per call", groups, rest));
            out(String.format(Locale.ROOT, "threads          peak %d live during the window (%d at the end)",
                    window.peakThreads(), window.threadsAtEnd()));
            out(String.format(Locale.ROOT, "peak heap used   %.1f MiB (sum of heap-pool peaks; largest pool %.1f MiB)",
                    window.peakHeapSum() / MIB, window.peakHeapPool() / MIB));
            out(String.format(Locale.ROOT, "GC, JIT          %d collections, %d ms; JIT compiling %d ms in the window",
                    window.gcCount(), window.gcMillis(), window.jitMillis()));
            out(String.format(Locale.ROOT, "load average     %.2f at the start, %.2f at the end", window.loadStart(),
                    window.loadEnd()));
            failures(tally);

            if (flags.result() != null) {
                Files.writeString(flags.result(), JsonMapper.builder().build().writeValueAsString(result) + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            return tally.failed() == 0 ? 0 : 1;
        }
    }

    private static LoadClient create(LoadFlags flags, LoadItems items) {
        return switch (flags.client()) {
            case "ours" -> new OursLoad(items, flags.inFlight());
            case "official" -> new OfficialLoad(items, flags.inFlight());
            case "raw" -> new RawLoad(items, flags.inFlight());
            default -> throw new IllegalStateException(flags.client());
        };
    }

    private static void failures(LoadClient.Tally tally) {
        tally.kinds().forEach((kind, n) -> out(String.format(Locale.ROOT, "  failed         %s: %,d", kind, n)));
        tally.examples().forEach(e -> out("  example        " + e));
    }

    private static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }

    private static void out(String line) {
        System.out.println(line);
    }

    /**
     * The timed window: wall time, this process's CPU time, peak live threads and heap-pool peaks (both reset at
     * the start), collections, and the system load average at both ends.
     */
    private static final class Window {
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        private final java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        private long jitMillisStart;
        private long jitMillisEnd;
        private long startNanos;
        private long endNanos;
        private long cpuStart;
        private long cpuEnd;
        private long gcCountStart;
        private long gcMillisStart;
        private long gcCountEnd;
        private long gcMillisEnd;
        private double loadStart;
        private double loadEnd;
        private int peakThreads;
        private int threadsAtEnd;
        private long peakHeapSum;
        private long peakHeapPool;
        private Map<Long, Long> threadCpuStart = Map.of();
        private Map<String, Long> threadCpu = Map.of();

        static Window open() {
            System.gc();
            Window w = new Window();
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    p.resetPeakUsage();
                }
            }
            w.threads.resetPeakThreadCount();
            w.loadStart = w.os.getSystemLoadAverage();
            w.gcCountStart = w.gcCount(true);
            w.gcMillisStart = w.gcCount(false);
            w.threadCpuStart = w.threadCpu();
            w.jitMillisStart = w.totalJitMillis();
            w.cpuStart = w.os.getProcessCpuTime();
            w.startNanos = System.nanoTime();
            return w;
        }

        void close() {
            endNanos = System.nanoTime();
            cpuEnd = os.getProcessCpuTime();
            threadCpu = byGroup(threadCpuStart, threadCpu());
            jitMillisEnd = totalJitMillis();
            gcCountEnd = gcCount(true);
            gcMillisEnd = gcCount(false);
            loadEnd = os.getSystemLoadAverage();
            peakThreads = threads.getPeakThreadCount();
            threadsAtEnd = threads.getThreadCount();
            peakHeapSum = RunGauges.peakHeapPoolsSum();
            peakHeapPool = RunGauges.peakHeapPool();
        }

        /** CPU time of every live Java thread, by id. */
        private Map<Long, Long> threadCpu() {
            Map<Long, Long> cpu = new java.util.HashMap<>();
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
                java.lang.management.ThreadInfo info = threads.getThreadInfo(id);
                if (info != null) {
                    String group = info.getThreadName().replaceAll("[-# ]*\\d+$", "");
                    groups.merge(group.isEmpty() ? "(unnamed)" : group, t - start.getOrDefault(id, 0L), Long::sum);
                }
            });
            return groups;
        }

        /** Java threads' CPU in the window by name group; what the process used beyond them is GC, JIT and the VM. */
        Map<String, Long> threadCpuByGroup() {
            return threadCpu;
        }

        private long gcCount(boolean count) {
            long sum = 0;
            for (GarbageCollectorMXBean gc : collectors) {
                sum += Math.max(0, count ? gc.getCollectionCount() : gc.getCollectionTime());
            }
            return sum;
        }

        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }

        long cpuNanos() {
            return cpuEnd - cpuStart;
        }

        long gcCount() {
            return gcCountEnd - gcCountStart;
        }

        private long totalJitMillis() {
            return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
        }

        /** Time the JIT compilers spent compiling during the window (-1 if the JVM does not say). */
        long jitMillis() {
            return jitMillisStart < 0 ? -1 : jitMillisEnd - jitMillisStart;
        }

        long gcMillis() {
            return gcMillisEnd - gcMillisStart;
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

        long peakHeapSum() {
            return peakHeapSum;
        }

        long peakHeapPool() {
            return peakHeapPool;
        }
    }

    /** The command line: {@code --name value} pairs and the {@code --warmup} switch, checked and named on error. */
    record LoadFlags(String client, Path state, int calls, int inFlight, boolean warmup, Path result, String label,
            String idPrefix, int calibrate) {
        private static final List<String> VALUED = List.of("--client", "--state", "--calls", "--in-flight", "--result",
                "--label", "--id-prefix", "--calibrate");

        static LoadFlags parse(String[] args) {
            Map<String, String> v = new TreeMap<>();
            boolean warmup = false;
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--warmup")) {
                    warmup = true;
                    continue;
                }
                if (!VALUED.contains(name)) {
                    throw new IllegalArgumentException("unknown flag '" + name + "'");
                }
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(name + ": missing value");
                }
                v.put(name, args[++i]);
            }
            String client = v.get("--client");
            if (!List.of("ours", "official", "raw").contains(String.valueOf(client))) {
                throw new IllegalArgumentException("--client: expected ours, official or raw, found '" + client + "'");
            }
            if (!v.containsKey("--state")) {
                throw new IllegalArgumentException("--state: required (the running sandbox's state file)");
            }
            int calls = number(v, "--calls", 20_000, 1, Integer.MAX_VALUE);
            int inFlight = number(v, "--in-flight", 64, 1, 10_000);
            int calibrate = number(v, "--calibrate", 2_000, 0, 1_000_000);
            String prefix = v.getOrDefault("--id-prefix", "L");
            String longest = LoadItems.outRecordId(prefix, calls - 1);
            if (!prefix.matches("[0-9A-Za-z]+") || longest.length() > 32) {
                throw new IllegalArgumentException("--id-prefix: expected letters and digits, with prefix + index at "
                        + "most 32 characters, found '" + prefix + "'");
            }
            return new LoadFlags(client, Path.of(v.get("--state")), calls, inFlight, warmup,
                    v.containsKey("--result") ? Path.of(v.get("--result")) : null,
                    v.getOrDefault("--label", "run"), prefix, calibrate);
        }

        private static int number(Map<String, String> v, String name, int fallback, int min, int max) {
            String text = v.get(name);
            if (text == null) {
                return fallback;
            }
            long n;
            try {
                n = Long.parseLong(text.replace("_", "").replace(",", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": expected a whole number, found '" + text + "'");
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException(name + ": expected " + min + ".." + max + ", found " + n);
            }
            return (int) n;
        }
    }
}
