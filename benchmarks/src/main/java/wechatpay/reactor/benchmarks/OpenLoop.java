package wechatpay.reactor.benchmarks;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed arrival rate, whatever the answers do: call {@code i} is due at {@code i / rate} seconds from the
 * start and is started then by one pacing thread; its latency runs from when it was due (not from when it got
 * going), so a client that falls behind shows it in its latencies instead of hiding it by sending less.
 */
final class OpenLoop {
    private final long[] latencyNanos;
    private final double arrivalSeconds;
    private final long maxStartLagNanos;

    private OpenLoop(long[] latencyNanos, double arrivalSeconds, long maxStartLagNanos) {
        this.latencyNanos = latencyNanos;
        this.arrivalSeconds = arrivalSeconds;
        this.maxStartLagNanos = maxStartLagNanos;
    }

    static OpenLoop run(LoadClient client, String prefix, int from, int to, double rate, LoadClient.Tally tally)
            throws InterruptedException {
        int calls = to - from;
        long[] latency = new long[calls];
        CountDownLatch ended = new CountDownLatch(calls);
        long start = System.nanoTime() + 1_000_000;
        long maxLag = 0;
        for (int k = 0; k < calls; k++) {
            long due = start + (long) (k * 1e9 / rate);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            maxLag = Math.max(maxLag, System.nanoTime() - due);
            int slot = k;
            client.start(prefix, from + k, tally, () -> {
                latency[slot] = System.nanoTime() - due;
                ended.countDown();
            });
        }
        double arrivals = (System.nanoTime() - start) / 1e9;
        ended.await();
        return new OpenLoop(latency, arrivals, maxLag);
    }

    /** The calls' rate of arrival as sent (the offered rate when the pacing thread kept up). */
    double arrivalRate() {
        return latencyNanos.length / arrivalSeconds;
    }

    /** How far the pacing thread fell behind its schedule at worst, in ms. */
    double maxStartLagMillis() {
        return maxStartLagNanos / 1e6;
    }

    /** The latency at quantile {@code q} (0..1) minus what the server adds, in ms: what the client adds. */
    double addedMillis(double q, int serverLatencyMillis) {
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6 - serverLatencyMillis;
    }
}
