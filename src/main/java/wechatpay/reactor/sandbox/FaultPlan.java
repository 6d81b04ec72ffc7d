package wechatpay.reactor.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides the fault of each request. Scripted faults ({@link #enqueue}) come first, in order; then the QPS throttle;
 * then the rates of {@link FaultRates}, walked in {@link Fault} order against one uniform number drawn from a hash of
 * (seed, request identity, attempt of that identity), so each request's fate does not depend on how concurrent
 * requests interleave.
 */
final class FaultPlan {
    private volatile FaultRates faults = FaultRates.NONE;
    private final ConcurrentLinkedQueue<Fault> script = new ConcurrentLinkedQueue<>();
    private final ConcurrentHashMap<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final AtomicLong windowSecond = new AtomicLong();
    private final AtomicInteger windowCount = new AtomicInteger();

    void set(FaultRates f) {
        this.faults = f;
        attempts.clear();
    }

    FaultRates faults() {
        return faults;
    }

    void enqueue(Fault... next) {
        script.addAll(List.of(next));
    }

    /** The decision for one request; {@code identity} names it (method, path, body digest). */
    Decision decide(String identity, long nowMillis) {
        Fault scripted = script.poll();
        FaultRates f = faults;
        if (scripted != null) {
            return new Decision(Optional.of(scripted), latency(f, identity, 0));
        }
        if (!f.active()) {
            return Decision.CLEAN;
        }
        int attempt = attempts.computeIfAbsent(identity, k -> new AtomicInteger()).getAndIncrement();
        Duration latency = latency(f, identity, attempt);
        if (f.throttleQps() > 0 && overQps(f.throttleQps(), nowMillis)) {
            return new Decision(Optional.of(Fault.THROTTLE), latency);
        }
        double u = uniform(f.seed(), identity, attempt, 0);
        double edge = 0;
        for (Map.Entry<Fault, Double> rate : f.rates().entrySet()) {
            edge += rate.getValue();
            if (u < edge) {
                return new Decision(Optional.of(rate.getKey()), latency);
            }
        }
        return new Decision(Optional.empty(), latency);
    }

    private boolean overQps(int qps, long nowMillis) {
        long second = nowMillis / 1000;
        long current = windowSecond.get();
        if (current != second && windowSecond.compareAndSet(current, second)) {
            windowCount.set(0);
        }
        return windowCount.incrementAndGet() > qps;
    }

    private static Duration latency(FaultRates f, String identity, int attempt) {
        long min = f.minLatency().toNanos();
        long span = f.maxLatency().toNanos() - min;
        if (span == 0) {
            return f.minLatency();
        }
        return Duration.ofNanos(min + (long) (uniform(f.seed(), identity, attempt, 1) * span));
    }

    /** A uniform double in [0, 1) from the inputs: SplitMix64 over a mix of their hashes. */
    static double uniform(long seed, String identity, int attempt, int salt) {
        long z = seed ^ (identity.hashCode() * 0x9E3779B97F4A7C15L) ^ ((long) attempt << 32) ^ salt * 0xBF58476D1CE4E5B9L;
        for (int i = 0; i < 2; i++) {
            z += 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z = z ^ (z >>> 31);
        }
        return (z >>> 11) * 0x1.0p-53;
    }

    record Decision(Optional<Fault> fault, Duration latency) {
        static final Decision CLEAN = new Decision(Optional.empty(), Duration.ZERO);
    }
}
