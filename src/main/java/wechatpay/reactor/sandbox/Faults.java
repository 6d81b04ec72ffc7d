package wechatpay.reactor.sandbox;

import java.time.Duration;

/**
 * Fault rates for a sandbox run, deterministic from {@code seed}: the decision for a request depends only
 * on the seed, the request's identity (method, path, body) and how many times that identity was seen, so
 * the same run with the same seed misbehaves the same way whatever the interleaving. {@code throttleQps}
 * answers 429 to requests above that many in the current second (0 = off).
 */
public record Faults(long seed, double failRate, double unavailableRate, double throttleRate, int throttleQps,
        double resetBeforeRate, double resetAfterRate, double forgeRate, double staleRate, double probeRate,
        Duration minLatency, Duration maxLatency) {

    public static final Faults NONE = new Faults(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO);

    public Faults {
        rate("failRate", failRate);
        rate("unavailableRate", unavailableRate);
        rate("throttleRate", throttleRate);
        rate("resetBeforeRate", resetBeforeRate);
        rate("resetAfterRate", resetAfterRate);
        rate("forgeRate", forgeRate);
        rate("staleRate", staleRate);
        rate("probeRate", probeRate);
        if (throttleQps < 0) {
            throw new IllegalArgumentException("throttleQps: expected >= 0 (0 = off), found " + throttleQps);
        }
        if (minLatency == null || maxLatency == null || minLatency.isNegative() || maxLatency.compareTo(minLatency) < 0) {
            throw new IllegalArgumentException("latency: expected 0 <= min <= max, found " + minLatency + "-" + maxLatency);
        }
    }

    /** Whether any fault or latency is set at all. */
    public boolean active() {
        return failRate > 0 || unavailableRate > 0 || throttleRate > 0 || throttleQps > 0 || resetBeforeRate > 0
                || resetAfterRate > 0 || forgeRate > 0 || staleRate > 0 || probeRate > 0 || !maxLatency.isZero();
    }

    public Faults withSeed(long s) {
        return new Faults(s, failRate, unavailableRate, throttleRate, throttleQps, resetBeforeRate, resetAfterRate,
                forgeRate, staleRate, probeRate, minLatency, maxLatency);
    }

    public Faults withFailRate(double r) {
        return new Faults(seed, r, unavailableRate, throttleRate, throttleQps, resetBeforeRate, resetAfterRate,
                forgeRate, staleRate, probeRate, minLatency, maxLatency);
    }

    public Faults withUnavailableRate(double r) {
        return new Faults(seed, failRate, r, throttleRate, throttleQps, resetBeforeRate, resetAfterRate,
                forgeRate, staleRate, probeRate, minLatency, maxLatency);
    }

    /** A random share of requests answered 429, independent of the request rate. */
    public Faults withThrottleRate(double r) {
        return new Faults(seed, failRate, unavailableRate, r, throttleQps, resetBeforeRate, resetAfterRate,
                forgeRate, staleRate, probeRate, minLatency, maxLatency);
    }

    public Faults withThrottleQps(int qps) {
        return new Faults(seed, failRate, unavailableRate, throttleRate, qps, resetBeforeRate, resetAfterRate,
                forgeRate, staleRate, probeRate, minLatency, maxLatency);
    }

    public Faults withResetBeforeRate(double r) {
        return new Faults(seed, failRate, unavailableRate, throttleRate, throttleQps, r, resetAfterRate,
                forgeRate, staleRate, probeRate, minLatency, maxLatency);
    }

    public Faults withResetAfterRate(double r) {
        return new Faults(seed, failRate, unavailableRate, throttleRate, throttleQps, resetBeforeRate, r,
                forgeRate, staleRate, probeRate, minLatency, maxLatency);
    }

    public Faults withForgeRate(double r) {
        return new Faults(seed, failRate, unavailableRate, throttleRate, throttleQps, resetBeforeRate, resetAfterRate,
                r, staleRate, probeRate, minLatency, maxLatency);
    }

    public Faults withStaleRate(double r) {
        return new Faults(seed, failRate, unavailableRate, throttleRate, throttleQps, resetBeforeRate, resetAfterRate,
                forgeRate, r, probeRate, minLatency, maxLatency);
    }

    public Faults withProbeRate(double r) {
        return new Faults(seed, failRate, unavailableRate, throttleRate, throttleQps, resetBeforeRate, resetAfterRate,
                forgeRate, staleRate, r, minLatency, maxLatency);
    }

    public Faults withLatency(Duration min, Duration max) {
        return new Faults(seed, failRate, unavailableRate, throttleRate, throttleQps, resetBeforeRate, resetAfterRate,
                forgeRate, staleRate, probeRate, min, max);
    }

    private static void rate(String name, double r) {
        if (!(r >= 0 && r <= 1)) {
            throw new IllegalArgumentException(name + ": expected a rate in [0, 1], found " + r);
        }
    }
}
