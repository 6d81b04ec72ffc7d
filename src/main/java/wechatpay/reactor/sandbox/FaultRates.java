package wechatpay.reactor.sandbox;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Fault rates for a sandbox run, deterministic from {@code seed}: each request draws one number from the seed,
 * its identity (method, path, body) and how many times that identity was seen, and the first fault whose
 * cumulative rate (in {@link Fault} order) exceeds it strikes. The same run with the same seed therefore
 * misbehaves the same way whatever the interleaving. {@code throttleQps} answers 429 to requests above that many
 * in the current second (0 = off); latency is drawn in {@code [minLatency, maxLatency]}.
 *
 * <p>Immutable: {@code rates} is copied, holds no zero rate, every rate lies in [0, 1] and they add up to at most 1.
 * <pre>{@code
 * FaultRates faults = FaultRates.NONE.withSeed(3).with(Fault.SERVER_ERROR, 0.15).with(Fault.RESET_AFTER, 0.05);
 * }</pre>
 */
public record FaultRates(long seed, Map<Fault, Double> rates, int throttleQps, Duration minLatency, Duration maxLatency) {

    public static final FaultRates NONE = new FaultRates(0, Map.of(), 0, Duration.ZERO, Duration.ZERO);

    /** Rates may add up to a hair over 1 when written as decimals (0.1 + 0.2 + 0.7). */
    private static final double TOTAL_SLACK = 1e-9;

    public FaultRates {
        Objects.requireNonNull(rates, "rates");
        Map<Fault, Double> copy = new EnumMap<>(Fault.class);
        double total = 0;
        for (Map.Entry<Fault, Double> e : rates.entrySet()) {
            Fault fault = Objects.requireNonNull(e.getKey(), "rates: a fault is null");
            Double rate = e.getValue();
            if (rate == null || !(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("rate of " + fault + ": expected a number in [0, 1], found " + rate);
            }
            if (rate > 0) {
                copy.put(fault, rate);
                total += rate;
            }
        }
        if (total > 1 + TOTAL_SLACK) {
            throw new IllegalArgumentException("rates: expected a total of at most 1, found " + total + " in " + copy);
        }
        rates = Collections.unmodifiableMap(copy);
        if (throttleQps < 0) {
            throw new IllegalArgumentException("throttleQps: expected >= 0 (0 = off), found " + throttleQps);
        }
        if (minLatency == null || maxLatency == null || minLatency.isNegative() || maxLatency.compareTo(minLatency) < 0) {
            throw new IllegalArgumentException("latency: expected 0 <= min <= max, found " + minLatency + "-" + maxLatency);
        }
    }

    /** Whether any fault or latency is set at all. */
    public boolean active() {
        return !rates.isEmpty() || throttleQps > 0 || !maxLatency.isZero();
    }

    /** The share of requests that get {@code fault}; 0 when it is not set. */
    public double rate(Fault fault) {
        return rates.getOrDefault(Objects.requireNonNull(fault, "fault"), 0.0);
    }

    /** These rates with {@code fault} at {@code rate} (0 removes it). */
    public FaultRates with(Fault fault, double rate) {
        Map<Fault, Double> next = new EnumMap<>(Fault.class);
        next.putAll(rates);
        next.put(Objects.requireNonNull(fault, "fault"), rate);
        return new FaultRates(seed, next, throttleQps, minLatency, maxLatency);
    }

    public FaultRates withSeed(long s) {
        return new FaultRates(s, rates, throttleQps, minLatency, maxLatency);
    }

    public FaultRates withThrottleQps(int qps) {
        return new FaultRates(seed, rates, qps, minLatency, maxLatency);
    }

    public FaultRates withLatency(Duration min, Duration max) {
        return new FaultRates(seed, rates, throttleQps, min, max);
    }
}
