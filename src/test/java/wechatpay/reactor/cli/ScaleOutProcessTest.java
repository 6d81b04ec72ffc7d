package wechatpay.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.integration.Sandboxed.IDENTITY;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import wechatpay.reactor.redis.RedisServer;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.FaultRates;
import wechatpay.reactor.sandbox.SandboxState;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/**
 * Three {@code worker} processes on one Redis against one sandbox that throttles above 200 calls/s, sharing a
 * budget of 180/s; one is killed (SIGKILL) mid-run. Every repayment is created once, every entry acknowledged.
 */
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ScaleOutProcessTest {
    private static final int ENTRIES = 3000;

    @Test
    void threeWorkersOneKilledShareTheBudgetAndCreateEachRecordOnce(@TempDir Path dir) throws Exception {
        Run run = run(dir, "shared", 180, true);
        for (int i = 0; i < ENTRIES; i++) {
            assertThat(run.sandbox.created("S" + i)).as("S" + i).isEqualTo(1);
        }
        assertThat(run.results).isEqualTo(ENTRIES);
        assertThat(run.pending).isZero();
        assertThat(run.throttled).as("429s with a shared budget of 180/s under a throttle of 200/s").isLessThan(30);
        System.out.printf("shared budget 180/s, one of three workers killed: %d entries in %.1f s (first to last"
                + " result %.1f s: %.0f/s), %d 429s%n", ENTRIES, run.seconds, run.resultSpan, ENTRIES / run.resultSpan,
                run.throttled);
        run.sandbox.close();
    }

    @Test
    void withoutTheSharedBudgetTheSameRunReportsIts429s(@TempDir Path dir) throws Exception {
        Run run = run(dir, "local", 180, false);
        assertThat(run.results).isEqualTo(ENTRIES);
        assertThat(run.pending).isZero();
        System.out.printf("three local budgets of 180/s: %d entries in %.1f s (first to last result %.1f s), %d 429s%n",
                ENTRIES, run.seconds, run.resultSpan, run.throttled);
        run.sandbox.close();
    }

    /** {@code resultSpan}: seconds from the first result to the last, by their stream ids (Redis's clock). */
    private record Run(WechatPaySandbox sandbox, long results, long pending, long throttled, double seconds,
            double resultSpan) {
    }

    private static Run run(Path dir, String budget, int rate, boolean kill) throws Exception {
        WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY)
                .faults(FaultRates.NONE.withThrottleQps(200)).start();
        try (RedisServer redis = RedisServer.start(); StatefulRedisConnection<String, String> c = redis.connect()) {
            Path state = dir.resolve("state.properties");
            SandboxState.write(sandbox, state);
            Path input = input(dir, sandbox.contracts());
            assertThat(Cli.run("enqueue", "--redis", redis.url(), "--stream", "s", "--input", input.toString())).isZero();
            long start = System.nanoTime();
            List<Process> workers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                workers.add(worker(dir, redis.url(), state, "w" + i, budget, rate));
            }
            long pendingAtKill = 0;
            if (kill) {
                pendingAtKill = killOnceItWorks(c.sync(), workers.get(0), dir);
            }
            for (Process w : workers) {
                if (!w.waitFor(120, TimeUnit.SECONDS)) {
                    w.destroyForcibly();
                    throw new AssertionError("a worker did not finish: " + logs(dir));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            RedisCommands<String, String> r = c.sync();
            System.out.println(logs(dir));
            r.xrange("s:results", io.lettuce.core.Range.create("-", "+"), io.lettuce.core.Limit.from(3000)).stream()
                    .filter(m -> !"scheduled".equals(m.getBody().get("outcome"))).limit(3)
                    .forEach(m -> System.out.println("not scheduled: " + m.getBody()));
            if (kill) {
                long claimed = java.util.regex.Pattern.compile("(\\d+) claimed").matcher(logs(dir)).results()
                        .mapToLong(m -> Long.parseLong(m.group(1))).sum();
                assertThat(claimed).as("entries the killed worker held, claimed by the others").isGreaterThanOrEqualTo(pendingAtKill);
                assertThat(r.xrange("s:results", io.lettuce.core.Range.create("-", "+"), io.lettuce.core.Limit.from(ENTRIES))
                        .stream().filter(m -> "w0".equals(m.getBody().get("consumer")))).as("results by the killed worker").isNotEmpty();
            }
            List<io.lettuce.core.StreamMessage<String, String>> first = r.xrange("s:results",
                    io.lettuce.core.Range.create("-", "+"), io.lettuce.core.Limit.from(1));
            List<io.lettuce.core.StreamMessage<String, String>> last = r.xrevrange("s:results",
                    io.lettuce.core.Range.create("-", "+"), io.lettuce.core.Limit.from(1));
            double span = (millis(last.get(0).getId()) - millis(first.get(0).getId())) / 1000.0;
            return new Run(sandbox, r.xlen("s:results"), r.xpending("s", "g").getCount(), sandbox.stats().count(429),
                    seconds, span);
        } catch (Exception | AssertionError e) {
            sandbox.close();
            throw e;
        }
    }

    /** Kills the worker (SIGKILL) once it holds entries and has written results; what it held pending then. */
    private static long killOnceItWorks(RedisCommands<String, String> r, Process w0, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Long held = held(r);
            if (held != null && held > 0 && r.xlen("s:results") >= 600) {
                w0.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                Long left = r.xpending("s", "g").getConsumerMessageCount().get("w0");
                assertThat(left).as("entries the killed worker left pending").isPositive();
                return left;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("worker w0 never held entries: " + logs(dir));
    }

    private static long millis(String streamId) {
        return Long.parseLong(streamId.substring(0, streamId.indexOf('-')));
    }

    /** What w0 holds pending, null before the workers have made the group. */
    private static Long held(RedisCommands<String, String> r) {
        try {
            return r.xpending("s", "g").getConsumerMessageCount().get("w0");
        } catch (io.lettuce.core.RedisCommandExecutionException noGroupYet) {
            return null;
        }
    }

    private static Process worker(Path dir, String redis, Path state, String name, String budget, int rate)
            throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "wechatpay.reactor.cli.Cli", "worker", "--redis", redis,
                "--stream", "s", "--group", "g", "--consumer", name, "--config", state.toString(), "--rate",
                Integer.toString(rate), "--budget", budget, "--claim-idle", "3", "--exit-when-idle", "5");
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    private static String logs(Path dir) throws IOException {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            Path log = dir.resolve("w" + i + ".log");
            all.append("--- w").append(i).append('\n').append(Files.exists(log) ? Files.readString(log) : "").append('\n');
        }
        return all.toString();
    }

    private static Path input(Path dir, List<Contract> contracts) throws IOException {
        String date = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(3).toString();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < ENTRIES; i++) {
            Contract k = contracts.get(i % contracts.size());
            lines.append("{\"contract_id\":\"").append(k.contractId()).append("\",\"appid\":\"").append(k.appid())
                    .append("\",\"openid\":\"").append(k.openid()).append("\",\"out_record_id\":\"S").append(i)
                    .append("\",\"sub_mchid\":\"").append(k.subMchid()).append("\",\"repayment_amount\":10000,\"min_repayment_amount\":2000,")
                    .append("\"repayment_date\":\"").append(date).append("\"}\n");
        }
        Path file = dir.resolve("items.jsonl");
        Files.writeString(file, lines, StandardCharsets.UTF_8);
        return file;
    }
}
