package wechatpay.reactor.cli;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.StreamStats;
import wechatpay.reactor.redis.RedisRateLimiter;
import wechatpay.reactor.redis.RedisScheduleWorker;
import wechatpay.reactor.redis.WorkerReport;
import wechatpay.reactor.sandbox.FaultRates;

/** {@code worker}: one scheduler instance over a Redis stream, sharing the merchant's budget with the others. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Schedule the repayments of a Redis stream as one consumer of a group, until stopped (SIGTERM",
                "or Ctrl-C: it then finishes the entries in hand). Each entry's result goes to the result stream",
                "(--results, default <stream>:results; read it with redis-cli XRANGE) and the entry is acknowledged",
                "in the same step. Entries a dead worker left pending longer than --claim-idle are claimed.",
                "--rate is the merchant's budget shared by every worker on the same Redis (--budget-key)."})
final class WorkerCommand implements Callable<Integer> {
    @Mixin
    RedisOptions redis;

    @Mixin
    CallOptions calls;

    @Option(names = "--group", required = true, paramLabel = "G", description = "The consumer group the workers share.")
    String group;

    @Option(names = "--consumer", paramLabel = "NAME", description = "This worker's name in the group (default: worker-<pid>-<random>).")
    String consumer;

    @Option(names = "--results", paramLabel = "S", description = "The result stream (default: <stream>:results).")
    String results;

    @Option(names = "--budget", paramLabel = "shared|local", description = {"shared (default): --rate is one budget for",
            "all workers, a token bucket in Redis; local: each worker takes --rate for itself."})
    String budget = "shared";

    @Option(names = "--budget-key", paramLabel = "KEY", description = "The shared budget's key (default: wechatpay-reactor:budget:<mchid>).")
    String budgetKey;

    @Option(names = "--claim-idle", paramLabel = "SECONDS", description = "Idle time before another worker's entry is claimed (default: ${DEFAULT-VALUE}).")
    double claimIdleSeconds = 30;

    @Option(names = "--exit-when-idle", paramLabel = "SECONDS", description = "Stop once no entry came for this long (default: 0 = never).")
    double exitWhenIdleSeconds;

    @Override
    public Integer call() {
        ClientLimits limits = calls.limits();
        if (!budget.equals("shared") && !budget.equals("local")) {
            throw new UsageException("--budget: expected shared or local, found '" + budget + "'");
        }
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> connection = connect(client)) {
            return run(client, connection, limits);
        } finally {
            client.shutdown();
        }
    }

    private int run(RedisClient client, StatefulRedisConnection<String, String> connection, ClientLimits limits) {
        boolean shared = budget.equals("shared") && limits.requestsPerSecond() > 0;
        ClientLimits own = shared ? new ClientLimits(limits.maxInFlight(), 0, limits.retry()) : limits;
        // A shared budget needs the mchid for its key, so it goes on a derived client (closing is idempotent).
        try (Target target = Target.resolve(calls.config, calls.sandbox, System.getenv(), own, FaultRates.NONE);
                WechatPayClient wechatPay = !shared ? target.client : target.client.mutate()
                        .rateLimiter(budget(connection, target.client.mchid(), limits.requestsPerSecond())).build()) {
            RedisScheduleWorker.Builder b = RedisScheduleWorker.builder(client, redis.uri(), wechatPay)
                    .stream(redis.stream).group(group).toItem(InputFields::item)
                    .claimIdle(Duration.ofMillis((long) (claimIdleSeconds * 1000))).options(calls.streamOptions());
            if (consumer != null) {
                b.consumer(consumer);
            }
            if (results != null) {
                b.results(results);
            }
            RedisScheduleWorker worker = build(b);
            System.err.println("worker " + worker.consumer() + " of group " + group + " on " + redis.stream + " ("
                    + target.description + "), budget " + (limits.requestsPerSecond() <= 0 ? "none"
                    : limits.requestsPerSecond() + " calls/s " + (shared ? "shared" : "for this worker")));
            return runUntilStopped(worker);
        }
    }

    private int runUntilStopped(RedisScheduleWorker worker) {
        CountDownLatch reported = new CountDownLatch(1);
        // On SIGTERM: stop reading, and hold the JVM until the entries in hand are done and the summary is out.
        Thread hook = new Thread(() -> {
            worker.stop();
            awaitQuietly(reported);
        }, "wechatpay-worker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Disposable watch = watch(worker);
        try {
            WorkerReport report = worker.run().block();
            System.err.println(summary(report));
            StreamStats.Summary s = report.schedule();
            return s.rejected() + s.failed() + report.invalid() == 0 ? 0 : 2;
        } catch (RuntimeException e) {
            System.err.println("worker failed: " + e);
            return 1;
        } finally {
            watch.dispose();
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waited for the summary
            }
        }
    }

    /** Progress every 5 s; with --exit-when-idle, stops the worker once nothing has moved for that long. */
    private Disposable watch(RedisScheduleWorker worker) {
        long idleNanos = (long) (exitWhenIdleSeconds * 1e9);
        AtomicLong lastMoved = new AtomicLong(-1);
        AtomicLong lastMoveNanos = new AtomicLong(System.nanoTime());
        return Flux.interval(Duration.ofMillis(250)).subscribe(tick -> {
            WorkerReport r = worker.progress();
            long moved = r.read() + r.claimed() + r.acknowledged() + r.alreadyDone() + r.schedule().calls();
            if (lastMoved.getAndSet(moved) != moved) {
                lastMoveNanos.set(System.nanoTime());
            } else if (idleNanos > 0 && System.nanoTime() - lastMoveNanos.get() >= idleNanos) {
                worker.stop();
            }
            if (tick % 20 == 19) {
                System.err.println("progress: " + line(r));
            }
        });
    }

    static String summary(WorkerReport r) {
        return "summary: " + line(r) + " in " + String.format("%.1f s", r.schedule().elapsed().toMillis() / 1000.0);
    }

    private static String line(WorkerReport r) {
        StreamStats.Summary s = r.schedule();
        return r.acknowledged() + " acknowledged (" + s.created() + " scheduled, " + s.rejected() + " rejected, "
                + s.failed() + " failed, " + r.invalid() + " invalid), " + r.read() + " read, " + r.claimed()
                + " claimed, " + r.alreadyDone() + " done by another worker, " + s.calls() + " calls, "
                + s.reconciled() + " reconciled, " + s.throttled() + " throttled";
    }

    private RedisRateLimiter budget(StatefulRedisConnection<String, String> connection, String mchid, double rate) {
        String key = budgetKey != null ? budgetKey : "wechatpay-reactor:budget:" + mchid;
        try {
            return RedisRateLimiter.builder(connection, key).requestsPerSecond(rate).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--rate: " + e.getMessage());
        }
    }

    private StatefulRedisConnection<String, String> connect(RedisClient client) {
        try {
            return client.connect(redis.uri());
        } catch (RedisConnectionException e) {
            throw new UsageException("--redis " + redis.shown() + ": cannot connect ("
                    + RedisOptions.why(e) + ")");
        }
    }

    private static RedisScheduleWorker build(RedisScheduleWorker.Builder b) {
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
