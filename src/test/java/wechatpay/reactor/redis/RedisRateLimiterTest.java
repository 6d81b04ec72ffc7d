package wechatpay.reactor.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static wechatpay.reactor.integration.Sandboxed.IDENTITY;
import static wechatpay.reactor.integration.Sandboxed.client;
import static wechatpay.reactor.integration.Sandboxed.item;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import wechatpay.reactor.RateLimiter;
import wechatpay.reactor.RetryPolicy;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.WechatPayTransportException;
import wechatpay.reactor.creditrepayment.ScheduleOutcome;
import wechatpay.reactor.creditrepayment.StreamOptions;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.FaultRates;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/** The shared budget on a real Redis, judged by what the sandbox received, not by the limiter's own counts. */
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RedisRateLimiterTest {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final int BUDGET = 100;
    /** Fixed one-second windows: at a budget of 100/s (burst 10), no window may see more than 110. */
    private static final int THROTTLE = 115;

    @Test
    void threeInstancesOnOneKeyStayWithinTheBudgetBetweenThem() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            long throttled = run(redis, i -> "wechatpay:budget:shared");
            assertThat(throttled).as("429s from a sandbox throttling above %d/s", THROTTLE).isZero();
        }
    }

    @Test
    void withoutASharedKeyTheSameRunIsThrottled() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            long throttled = run(redis, i -> "wechatpay:budget:own-" + i);
            assertThat(throttled).as("three budgets of %d/s against a throttle of %d/s", BUDGET, THROTTLE).isPositive();
        }
    }

    /** Three clients, each with its own limiter and connection, schedule 250 items each at once; the 429 count. */
    private static long run(RedisServer redis, Function<Integer, String> key) {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY)
                .faults(FaultRates.NONE.withThrottleQps(THROTTLE)).start()) {
            List<Contract> contracts = sandbox.contracts();
            List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
            List<WechatPayClient> clients = new ArrayList<>();
            List<Flux<ScheduleOutcome>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                StatefulRedisConnection<String, String> c = redis.connect();
                connections.add(c);
                WechatPayClient client = client(sandbox).maxInFlight(32)
                        .rateLimiter(RedisRateLimiter.builder(c, key.apply(i)).requestsPerSecond(BUDGET).build()).build();
                clients.add(client);
                int instance = i;
                runs.add(client.creditRepayment().scheduleRecords().schedule(Flux.range(0, 250)
                        .map(n -> item(contracts.get(n % contracts.size()), "R" + instance + "N" + n)),
                        StreamOptions.defaults()));
            }
            List<ScheduleOutcome> outcomes = Flux.merge(runs).collectList().block(WAIT);
            assertThat(outcomes).hasSize(750);
            clients.forEach(WechatPayClient::close);
            connections.forEach(StatefulRedisConnection::close);
            long throttled = sandbox.stats().count(429);
            if (throttled == 0) {
                assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(ScheduleOutcome.Scheduled.class));
            }
            return throttled;
        }
    }

    @Test
    void aCoolDownSetByOneInstanceHoldsEveryOtherInstance() throws Exception {
        try (RedisServer redis = RedisServer.start();
                StatefulRedisConnection<String, String> a = redis.connect();
                StatefulRedisConnection<String, String> b = redis.connect()) {
            RateLimiter first = RedisRateLimiter.builder(a, "k").requestsPerSecond(1000).coolDown(Duration.ofSeconds(2)).build();
            RateLimiter second = RedisRateLimiter.builder(b, "k").requestsPerSecond(1000).coolDown(Duration.ofSeconds(2)).build();
            StepVerifier.create(second.acquire()).expectComplete().verify(WAIT);

            first.throttled();
            awaitCoolDown(a);

            StepVerifier.create(second.acquire())
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(1200))
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void whenRedisCannotBeReachedTheCallFailsUnsentAsARateLimiterFailure() throws Exception {
        try (RedisServer redis = RedisServer.start();
                WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start()) {
            redis.client().setOptions(ClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
            StatefulRedisConnection<String, String> c = redis.connect();
            try (WechatPayClient client = client(sandbox).retryPolicy(RetryPolicy.none())
                    .rateLimiter(RedisRateLimiter.builder(c, "k").requestsPerSecond(50).build()).build()) {
                redis.kill();
                StepVerifier.create(client.creditRepayment().scheduleRecords()
                                .create(item(sandbox.contracts().get(0), "DOWN1")))
                        .expectErrorSatisfies(e -> {
                            assertThat(e).isInstanceOf(WechatPayTransportException.class);
                            WechatPayTransportException t = (WechatPayTransportException) e;
                            assertThat(t.kind()).isEqualTo(WechatPayTransportException.Kind.RATE_LIMITER);
                            assertThat(t.mayHaveActed()).isFalse();
                            assertThat(t.getMessage()).contains("shared budget k").contains("not sent");
                        })
                        .verify(WAIT);
                assertThat(sandbox.stats().requests()).isZero();
            } finally {
                c.close();
            }
        }
    }

    @Test
    void badSettingsNameTheirField() throws Exception {
        try (RedisServer redis = RedisServer.start(); StatefulRedisConnection<String, String> c = redis.connect();
                WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start()) {
            assertThatThrownBy(() -> RedisRateLimiter.builder(c, " ").requestsPerSecond(1).build())
                    .isInstanceOf(ValidationException.class).hasMessageContaining("key");
            assertThatThrownBy(() -> RedisRateLimiter.builder(c, "k").build())
                    .isInstanceOf(ValidationException.class).hasMessageContaining("requestsPerSecond");
            assertThatThrownBy(() -> RedisRateLimiter.builder(c, "k").requestsPerSecond(10).burst(2).lease(5).build())
                    .isInstanceOf(ValidationException.class).hasMessageContaining("lease");
            RateLimiter limiter = RedisRateLimiter.builder(c, "k").requestsPerSecond(10).build();
            assertThatThrownBy(() -> client(sandbox).requestsPerSecond(5).rateLimiter(limiter).build())
                    .isInstanceOf(ValidationException.class).hasMessageContaining("rateLimiter");
        }
    }

    private static void awaitCoolDown(StatefulRedisConnection<String, String> c) throws InterruptedException {
        for (int i = 0; i < 100 && c.sync().hget("k", "cool") == null; i++) {
            Thread.sleep(10);
        }
        assertThat(c.sync().hget("k", "cool")).isNotNull();
    }
}
