package wechatpay.reactor.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.Flux;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.creditrepayment.StreamOptions;
import wechatpay.reactor.creditrepayment.ScheduleOutcome;
import wechatpay.reactor.creditrepayment.StreamStats;

/**
 * End-to-end streaming run against a running sandbox (see {@code run-stream.sh}): N schedule items generated
 * lazily, streamed through {@code scheduleRecords().schedule(...)}, outcomes counted by kind and dropped. Prints
 * progress every 5 s, then items, outcomes, rates, heap and threads; with {@code --rate} or {@code --seconds},
 * also the calls made in each second against the configured rate. Not a JMH benchmark: figures belong in a
 * report, never in a test.
 */
public final class StreamHarness {
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final double MIB = 1024.0 * 1024.0;
    private static final int MAX_PROBLEM_CODES = 32;
    private static final int MAX_EXAMPLES = 5;
    private static final String USAGE = "usage: StreamHarness --state FILE [--items N (1000000)] "
            + "[--max-in-flight M (64)] [--rate R calls/s (0 = unlimited)] [--seconds S (stop after S s)] "
            + "[--report FILE]";

    private final StreamFlags flags;
    private final LoadItems state;
    private final WechatPayClient client;
    private final String runPrefix = runPrefix();
    private final StreamStats stats = new StreamStats();
    private final LongAdder scheduled = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<String, LongAdder> problems = new ConcurrentHashMap<>();
    private final List<String> examples = new ArrayList<>();
    private final StringBuilder report = new StringBuilder();
    private RunGauges gauges;

    private StreamHarness(StreamFlags flags, LoadItems state, WechatPayClient client) {
        this.flags = flags;
        this.state = state;
        this.client = client;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        StreamHarness harness;
        try {
            StreamFlags flags = StreamFlags.parse(args);
            LoadItems state = LoadItems.load(flags.state());
            harness = new StreamHarness(flags, state, client(state, flags.maxInFlight()));
        } catch (IllegalArgumentException e) {
            System.err.println("StreamHarness: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        System.exit(harness.run());
    }

    /** A client for the sandbox the state file describes, exactly as for WeChat Pay. */
    private static WechatPayClient client(LoadItems state, int maxInFlight) {
        return WechatPayClient.builder()
                .merchant(state.mchid(), state.merchantSerial(), state.merchantKey())
                .wechatPayPublicKey(state.publicKeyId(), state.publicKey())
                .baseUrl(state.baseUrl())
                .maxInFlight(maxInFlight)
                .build();
    }

    private int run() throws IOException, InterruptedException {
        StreamOptions options = StreamOptions.defaults().withMaxInFlight(flags.maxInFlight())
                .withRequestsPerSecond(flags.rate()).withStats(stats);
        Flux<ScheduleItem> items = Flux.range(0, flags.items()).map(this::item);
        Flux<ScheduleOutcome> outcomes = client.creditRepayment().scheduleRecords().schedule(items, options);
        if (flags.seconds() > 0) {
            outcomes = outcomes.take(Duration.ofSeconds(flags.seconds()));
        }
        header();

        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "harness-sampler");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        gauges = new RunGauges(start);
        sampler.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        Throwable error = null;
        try {
            outcomes.doOnNext(this::count).then().block();
        } catch (RuntimeException e) {
            error = e;
        }
        double wall = (System.nanoTime() - start) / 1e9;
        sampler.shutdown();
        sampler.awaitTermination(5, TimeUnit.SECONDS);
        client.close();

        summary(wall, error);
        if (flags.rate() > 0 || flags.seconds() > 0) {
            rateCheck();
        }
        if (flags.report() != null) {
            Files.writeString(flags.report(), "# StreamHarness report\n\n```text\n" + report + "```\n",
                    StandardCharsets.UTF_8);
            System.out.println("report written to " + flags.report().toAbsolutePath());
        }
        return error == null ? 0 : 1;
    }

    /** Item {@code i}: a fresh out_record_id, the contracts in turn, ¥100.00 (¥20.00 at least) in three days. */
    private ScheduleItem item(int i) {
        return state.item("H" + runPrefix, i);
    }

    private void count(ScheduleOutcome o) {
        if (o instanceof ScheduleOutcome.Scheduled) {
            scheduled.increment();
            return;
        }
        String code;
        if (o instanceof ScheduleOutcome.Rejected r) {
            rejected.increment();
            code = "Rejected/" + r.code();
            example(o.index() + " " + code + " status=" + r.status() + " field=" + r.field() + ": " + r.message());
        } else {
            ScheduleOutcome.Failed f = (ScheduleOutcome.Failed) o;
            failed.increment();
            code = "Failed/" + f.code();
            example(o.index() + " " + code + " attempts=" + f.attempts() + ": " + f.message());
        }
        String key = problems.size() < MAX_PROBLEM_CODES || problems.containsKey(code) ? code : "(other codes)";
        problems.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private void example(String text) {
        synchronized (examples) {
            if (examples.size() < MAX_EXAMPLES) {
                examples.add(text.length() > 300 ? text.substring(0, 300) + "…" : text);
            }
        }
    }

    private long outcomes() {
        return scheduled.sum() + rejected.sum() + failed.sum();
    }

    /** Once a second on the sampler thread: one row of gauges; every fifth, a progress line. */
    private void tick() {
        long ok = scheduled.sum();
        long refused = rejected.sum();
        long gaveUp = failed.sum();
        int i = gauges.sample(stats.snapshot().calls(), ok + refused + gaveUp);
        if ((i + 1) % 5 == 0) {
            out(String.format(Locale.ROOT, "[%6.0f s] outcomes %,d (scheduled %,d, rejected %,d, failed %,d)  "
                            + "calls/s %.1f (last 5 s)  heap used %.1f MiB (after last GC %s)  elapsed %.1f s  load %.2f",
                    gauges.seconds(i), gauges.outcomes(i), ok, refused, gaveUp,
                    gauges.callRate(i - 5, i), gauges.heapUsed(i) / MIB, mib(gauges.heapAfterGc(i)), gauges.seconds(i),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        }
    }

    private void header() {
        out("== StreamHarness " + OffsetDateTime.now(BEIJING) + " ==");
        out(String.format(Locale.ROOT, "machine          %d cores, Java %s (%s), GC %s", Runtime.getRuntime()
                        .availableProcessors(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                RunGauges.collectorNames()));
        out(String.format(Locale.ROOT, "heap             -Xmx %.1f MiB", Runtime.getRuntime().maxMemory() / MIB));
        out(String.format(Locale.ROOT, "run              items %,d, max in flight %d, rate %s, stop after %s",
                flags.items(), flags.maxInFlight(), flags.rate() > 0 ? flags.rate() + " calls/s" : "unlimited",
                flags.seconds() > 0 ? flags.seconds() + " s" : "the last item"));
        out("sandbox          " + client + ", " + state.contracts() + " contracts");
        out("items            out_record_id H" + runPrefix + "<i>, repayment_date " + state.repaymentDate()
                + ", amount 10000, min 2000");
    }

    private void summary(double wall, Throwable error) {
        StreamStats.Summary s = stats.snapshot();
        double elapsed = s.elapsed().toNanos() / 1e9;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        out("== result ==");
        if (error != null) {
            out("stream error     " + error);
        }
        out(String.format(Locale.ROOT, "items            %,d requested, %,d outcomes", flags.items(), outcomes()));
        out(String.format(Locale.ROOT, "outcomes         scheduled %,d, rejected %,d, failed %,d (stats: scheduled %,d, "
                + "rejected %,d, failed %,d, reconciled %,d)", scheduled.sum(), rejected.sum(), failed.sum(),
                s.created(), s.rejected(), s.failed(), s.reconciled()));
        out(String.format(Locale.ROOT, "calls            %,d (retries %,d, throttled %,d)", s.calls(), s.retries(),
                s.throttled()));
        out(String.format(Locale.ROOT, "elapsed          %.1f s (stream), %.1f s (wall)", elapsed, wall));
        out(String.format(Locale.ROOT, "outcomes/s       %.1f", s.outcomesPerSecond()));
        out(String.format(Locale.ROOT, "calls/s          %.1f", s.callsPerSecond()));
        out(String.format(Locale.ROOT, "peak heap used   %.1f MiB (largest heap-pool peak; sum of pool peaks %.1f MiB)",
                RunGauges.peakHeapPool() / MIB, RunGauges.peakHeapPoolsSum() / MIB));
        out(String.format(Locale.ROOT, "heap sampled     max %.1f MiB used (Runtime, once a second); max after GC %s",
                gauges.maxHeapUsedSampled() / MIB, mib(gauges.maxHeapAfterGc())));
        out(String.format(Locale.ROOT, "max heap (-Xmx)  %.1f MiB", Runtime.getRuntime().maxMemory() / MIB));
        out(String.format(Locale.ROOT, "threads          peak %d live (now %d)", threads.getPeakThreadCount(),
                threads.getThreadCount()));
        out("GC               " + RunGauges.collections());
        problems.forEach((code, n) -> out(String.format(Locale.ROOT, "not scheduled    %s: %,d", code, n.sum())));
        synchronized (examples) {
            examples.forEach(e -> out("  example        " + e));
        }
        heapOverTime();
    }

    /** The run cut into up to ten spans: heap in use and after GC, early against late. */
    private void heapOverTime() {
        int n = gauges.size();
        if (n == 0) {
            return;
        }
        int spans = Math.min(10, n);
        out("heap over time   span (s)        used avg  used max   after-GC avg  after-GC max   calls/s");
        for (int k = 0; k < spans; k++) {
            int from = k * n / spans;
            int to = (k + 1) * n / spans;
            long usedSum = 0;
            long usedMax = 0;
            long gcSum = 0;
            long gcMax = -1;
            int gcRows = 0;
            for (int i = from; i < to; i++) {
                usedSum += gauges.heapUsed(i);
                usedMax = Math.max(usedMax, gauges.heapUsed(i));
                if (gauges.heapAfterGc(i) >= 0) {
                    gcSum += gauges.heapAfterGc(i);
                    gcMax = Math.max(gcMax, gauges.heapAfterGc(i));
                    gcRows++;
                }
            }
            out(String.format(Locale.ROOT, "                 %6.0f-%-6.0f  %6.1f MiB %6.1f MiB  %10s  %10s  %8.1f",
                    gauges.seconds(from - 1), gauges.seconds(to - 1), usedSum / MIB / (to - from), usedMax / MIB,
                    gcRows == 0 ? "-" : mib(gcSum / gcRows), mib(gcMax), gauges.callRate(from - 1, to - 1)));
        }
    }

    /** Calls in each second, and the average over the whole window and the last 10 s, against the target. */
    private void rateCheck() {
        int n = gauges.size();
        out("== rate check ==");
        out(flags.rate() > 0 ? String.format(Locale.ROOT, "configured       %.1f calls/s", flags.rate())
                : "configured       unlimited");
        if (n == 0) {
            out("no samples (the run ended within a second)");
            return;
        }
        long[] perSecond = new long[n];
        for (int i = 0; i < n; i++) {
            perSecond[i] = gauges.calls(i) - gauges.calls(i - 1);
        }
        StringBuilder list = new StringBuilder();
        for (long c : perSecond) {
            list.append(' ').append(c);
        }
        out("calls per second" + list + "  (seconds 1.." + n + ")");
        long[] sorted = perSecond.clone();
        Arrays.sort(sorted);
        out(String.format(Locale.ROOT, "per-second spread min %d, median %d, max %d", sorted[0], sorted[n / 2],
                sorted[n - 1]));
        double whole = gauges.callRate(-1, n - 1);
        out(String.format(Locale.ROOT, "whole window     %.1f calls/s over %.1f s%s", whole, gauges.seconds(n - 1),
                ratio(whole)));
        int from = Math.max(-1, n - 1 - 10);
        double last = gauges.callRate(from, n - 1);
        out(String.format(Locale.ROOT, "last %2.0f s        %.1f calls/s%s", gauges.seconds(n - 1) - gauges.seconds(from),
                last, ratio(last)));
    }

    private String ratio(double observed) {
        return flags.rate() > 0 ? String.format(Locale.ROOT, " (ratio to configured %.3f)", observed / flags.rate()) : "";
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MiB", bytes / MIB);
    }

    private void out(String line) {
        System.out.println(line);
        synchronized (report) {
            report.append(line).append('\n');
        }
    }

    /** Ten letters and digits, different for every run: base-36 milliseconds and two random characters. */
    private static String runPrefix() {
        String millis = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        SecureRandom random = new SecureRandom();
        return millis + alphabet.charAt(random.nextInt(36)) + alphabet.charAt(random.nextInt(36));
    }
}
