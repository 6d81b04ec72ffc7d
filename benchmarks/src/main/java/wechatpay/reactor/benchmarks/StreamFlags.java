package wechatpay.reactor.benchmarks;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The command line of {@link StreamHarness}: {@code --name value} pairs, checked and named on error. */
record StreamFlags(Path state, int items, int maxInFlight, double rate, long seconds, Path report) {
    static StreamFlags parse(String[] args) {
        Map<String, String> v = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!List.of("--state", "--items", "--max-in-flight", "--rate", "--seconds", "--report").contains(name)) {
                throw new IllegalArgumentException("unknown flag '" + name + "'");
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(name + ": missing value");
            }
            v.put(name, args[++i]);
        }
        if (!v.containsKey("--state")) {
            throw new IllegalArgumentException("--state: required (the running sandbox's state file)");
        }
        long items = number(v, "--items", 1_000_000);
        long inFlight = number(v, "--max-in-flight", 64);
        long seconds = number(v, "--seconds", 0);
        double rate;
        try {
            rate = Double.parseDouble(v.getOrDefault("--rate", "0"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rate: expected a number, found '" + v.get("--rate") + "'");
        }
        if (items < 1 || items > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--items: expected 1.." + Integer.MAX_VALUE + ", found " + items);
        }
        if (inFlight < 1 || inFlight > 10_000) {
            throw new IllegalArgumentException("--max-in-flight: expected 1..10000, found " + inFlight);
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("--rate: expected >= 0 (0 = unlimited), found " + rate);
        }
        if (seconds < 0) {
            throw new IllegalArgumentException("--seconds: expected >= 0, found " + seconds);
        }
        return new StreamFlags(Path.of(v.get("--state")), (int) items, (int) inFlight, rate, seconds,
                v.containsKey("--report") ? Path.of(v.get("--report")) : null);
    }

    private static long number(Map<String, String> v, String name, long fallback) {
        String text = v.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": expected a whole number, found '" + text + "'");
        }
    }
}
