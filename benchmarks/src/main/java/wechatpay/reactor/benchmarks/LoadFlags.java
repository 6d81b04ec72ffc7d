package wechatpay.reactor.benchmarks;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link LoadHarness}'s command line: {@code --name value} pairs and a few switches, checked and named on error.
 * {@code rate} 0 is the closed loop (C calls in flight, each next call as soon as one ends); above 0 the open
 * loop: call {@code i} is due at {@code i / rate} seconds whatever the answers do. {@code warmupState}, when
 * given, is a second sandbox's state file (one without added latency) for the first {@code fastWarmupCalls}.
 */
record LoadFlags(String client, String variant, Path state, int calls, int inFlight, boolean warmup, Path result,
        String label, String idPrefix, int calibrate, int firstCalls, int warmupPasses, double rate,
        int serverLatencyMillis, boolean virtualThreads, boolean installAccp, Path warmupState, int fastWarmupCalls) {
    private static final List<String> CLIENTS = List.of("ours", "official", "raw");
    private static final List<String> SWITCHES = List.of("--warmup", "--virtual-threads", "--install-accp");
    private static final List<String> VALUED = List.of("--client", "--variant", "--state", "--calls", "--in-flight",
            "--result", "--label", "--id-prefix", "--calibrate", "--first-calls",
            "--warmup-passes", "--rate", "--server-latency-ms", "--warmup-state",
            "--fast-warmup-calls");

    static LoadFlags parse(String[] args) {
        Map<String, String> v = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (SWITCHES.contains(name)) {
                v.put(name, "true");
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
        if (!CLIENTS.contains(String.valueOf(client))) {
            throw new IllegalArgumentException("--client: expected ours, official or raw, found '" + client + "'");
        }
        if (!v.containsKey("--state")) {
            throw new IllegalArgumentException("--state: required (the running sandbox's state file)");
        }
        int calls = number(v, "--calls", 20_000, 1, Integer.MAX_VALUE);
        String prefix = v.getOrDefault("--id-prefix", "L");
        if (!prefix.matches("[0-9A-Za-z]+") || LoadItems.outRecordId(prefix, calls - 1).length() > 32) {
            throw new IllegalArgumentException("--id-prefix: expected letters and digits, with prefix + index at "
                    + "most 32 characters, found '" + prefix + "'");
        }
        double rate = number(v, "--rate", 0, 0, 100_000);
        boolean virtual = v.containsKey("--virtual-threads");
        if (virtual && !client.equals("official")) {
            throw new IllegalArgumentException("--virtual-threads: only for --client official");
        }
        if (v.containsKey("--fast-warmup-calls") != v.containsKey("--warmup-state")) {
            throw new IllegalArgumentException("--fast-warmup-calls and --warmup-state: give both or neither");
        }
        return new LoadFlags(client, v.getOrDefault("--variant", client), Path.of(v.get("--state")), calls,
                number(v, "--in-flight", 64, 1, 100_000), v.containsKey("--warmup"),
                v.containsKey("--result") ? Path.of(v.get("--result")) : null, v.getOrDefault("--label", "run"),
                prefix, number(v, "--calibrate", 2_000, 0, 1_000_000), number(v, "--first-calls", 2_000, 0, calls),
                number(v, "--warmup-passes", 1, 1, 100), rate, number(v, "--server-latency-ms", 0, 0, 600_000), virtual, v.containsKey("--install-accp"),
                v.containsKey("--warmup-state") ? Path.of(v.get("--warmup-state")) : null,
                number(v, "--fast-warmup-calls", 0, 0, 10_000_000));
    }

    boolean openLoop() {
        return rate > 0;
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
