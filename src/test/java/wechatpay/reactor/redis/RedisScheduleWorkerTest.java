package wechatpay.reactor.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static wechatpay.reactor.integration.Sandboxed.IDENTITY;
import static wechatpay.reactor.integration.Sandboxed.client;
import static wechatpay.reactor.integration.Sandboxed.item;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.FaultRates;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/** Workers over a real Redis stream and a sandbox: every entry one result, acknowledged, created once. */
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RedisScheduleWorkerTest {
    private static final Duration WAIT = Duration.ofMinutes(2);

    @Test
    void twoWorkersShareTheEntriesAndEveryEntryGetsOneResult() throws Exception {
        try (RedisServer redis = RedisServer.start(); StatefulRedisConnection<String, String> c = redis.connect();
                WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
                WechatPayClient client = client(sandbox).maxInFlight(16).build()) {
            RedisCommands<String, String> r = c.sync();
            enqueue(r, sandbox, 400);
            r.xadd("s", Map.of("out_record_id", "NOCONTRACT"));
            RedisScheduleWorker a = worker(redis, client, "a", Duration.ofSeconds(30));
            RedisScheduleWorker b = worker(redis, client, "b", Duration.ofSeconds(30));
            List<WorkerReport> reports = Flux.merge(a.run(), b.run(), stopWhenAllAcknowledged(r, 401, a, b))
                    .collectList().block(WAIT);

            assertThat(reports).hasSize(2);
            assertThat(reports.stream().mapToLong(WorkerReport::acknowledged).sum()).isEqualTo(401);
            assertThat(reports).allSatisfy(x -> assertThat(x.acknowledged()).isPositive());
            assertThat(r.xlen("s:results")).isEqualTo(401);
            assertThat(r.xpending("s", "g").getCount()).isZero();
            for (int i = 0; i < 400; i++) {
                assertThat(sandbox.created("W" + i)).as("W" + i).isEqualTo(1);
            }
            Map<String, String> invalid = r.xrange("s:results", io.lettuce.core.Range.create("-", "+")).stream()
                    .map(StreamMessage::getBody).filter(m -> m.get("outcome").equals("invalid")).findFirst().orElseThrow();
            assertThat(invalid.get("message")).contains("contract_id").contains("required");
        }
    }

    @Test
    void entriesADeadConsumerLeftPendingAreClaimedAndScheduledOnce() throws Exception {
        try (RedisServer redis = RedisServer.start(); StatefulRedisConnection<String, String> c = redis.connect();
                WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
                WechatPayClient client = client(sandbox).build()) {
            RedisCommands<String, String> r = c.sync();
            enqueue(r, sandbox, 120);
            r.xgroupCreate(XReadArgs.StreamOffset.from("s", "0"), "g");
            // A consumer that read 50 entries and died before acknowledging any.
            List<StreamMessage<String, String>> taken = r.xreadgroup(Consumer.from("g", "dead"),
                    XReadArgs.Builder.count(50), XReadArgs.StreamOffset.lastConsumed("s"));
            assertThat(taken).hasSize(50);
            RedisScheduleWorker w = worker(redis, client, "alive", Duration.ofMillis(500));
            WorkerReport report = Flux.merge(w.run(), stopWhenAllAcknowledged(r, 120, w)).blockLast(WAIT);

            assertThat(report.claimed()).isEqualTo(50);
            assertThat(report.acknowledged()).isEqualTo(120);
            assertThat(r.xpending("s", "g").getCount()).isZero();
            for (int i = 0; i < 120; i++) {
                assertThat(sandbox.created("W" + i)).as("W" + i).isEqualTo(1);
            }
        }
    }

    @Test
    void entriesInHandAreNotClaimedHoweverLongTheirCallsTake() throws Exception {
        try (RedisServer redis = RedisServer.start(); StatefulRedisConnection<String, String> c = redis.connect();
                WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY)
                        .faults(FaultRates.NONE.withLatency(Duration.ofMillis(1500), Duration.ofMillis(1500))).start();
                WechatPayClient client = client(sandbox).maxInFlight(8).build()) {
            RedisCommands<String, String> r = c.sync();
            enqueue(r, sandbox, 24);
            RedisScheduleWorker a = worker(redis, client, "a", Duration.ofMillis(600));
            RedisScheduleWorker b = worker(redis, client, "b", Duration.ofMillis(600));
            List<WorkerReport> reports = Flux.merge(a.run(), b.run(), stopWhenAllAcknowledged(r, 24, a, b))
                    .collectList().block(WAIT);

            assertThat(reports).allSatisfy(x -> {
                assertThat(x.claimed()).as("claimed from a live worker").isZero();
                assertThat(x.alreadyDone()).isZero();
            });
            assertThat(reports.stream().mapToLong(WorkerReport::acknowledged).sum()).isEqualTo(24);
            assertThat(sandbox.stats().requests()).as("one create per entry").isEqualTo(24);
        }
    }

    @Test
    void badSettingsNameTheirField() throws Exception {
        try (RedisServer redis = RedisServer.start();
                WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
                WechatPayClient client = client(sandbox).build()) {
            Function<Map<String, String>, ScheduleItem> none = m -> null;
            assertThatThrownBy(() -> RedisScheduleWorker.builder(redis.client(), redis.uri(), client).group("g")
                    .toItem(none).build()).isInstanceOf(ValidationException.class).hasMessageContaining("stream");
            assertThatThrownBy(() -> RedisScheduleWorker.builder(redis.client(), redis.uri(), client).stream("s")
                    .group("g").build()).isInstanceOf(ValidationException.class).hasMessageContaining("toItem");
            assertThatThrownBy(() -> RedisScheduleWorker.builder(redis.client(), redis.uri(), client).stream("s")
                    .group("g").results("s").toItem(none).build())
                    .isInstanceOf(ValidationException.class).hasMessageContaining("results");
        }
    }

    static RedisScheduleWorker worker(RedisServer redis, WechatPayClient client, String name, Duration claimIdle) {
        return RedisScheduleWorker.builder(redis.client(), redis.uri(), client).stream("s").group("g").consumer(name)
                .toItem(RedisScheduleWorkerTest::toItem).claimIdle(claimIdle).batch(16).build();
    }

    /** The test's own entry format: an out_record_id and the index of a sandbox contract. */
    static ScheduleItem toItem(Map<String, String> fields) {
        if (!fields.containsKey("contract")) {
            throw new IllegalArgumentException("contract_id: required");
        }
        return item(CONTRACTS.get(Integer.parseInt(fields.get("contract"))), fields.get("out_record_id"));
    }

    private static List<Contract> CONTRACTS;

    static void enqueue(RedisCommands<String, String> r, WechatPaySandbox sandbox, int n) {
        CONTRACTS = sandbox.contracts();
        for (int i = 0; i < n; i++) {
            Map<String, String> fields = new HashMap<>();
            fields.put("out_record_id", "W" + i);
            fields.put("contract", Integer.toString(i % CONTRACTS.size()));
            r.xadd("s", fields);
        }
    }

    /** Stops the workers once the group has acknowledged {@code n} entries (the result stream holds n). */
    static Mono<WorkerReport> stopWhenAllAcknowledged(RedisCommands<String, String> r, int n,
            RedisScheduleWorker... workers) {
        return Flux.interval(Duration.ofMillis(100))
                .concatMap(t -> Mono.fromCallable(() -> r.xlen("s:results")).subscribeOn(Schedulers.boundedElastic()))
                .filter(length -> length >= n)
                .next()
                .doOnNext(t -> List.of(workers).forEach(RedisScheduleWorker::stop))
                .then(Mono.empty());
    }
}
