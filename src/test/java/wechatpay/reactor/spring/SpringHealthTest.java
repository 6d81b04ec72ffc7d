package wechatpay.reactor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.integration.Sandboxed;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/** {@link WechatPayHealthAutoConfiguration}'s conditions, and a health indicator that caches one self-test. */
class SpringHealthTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WechatPayAutoConfiguration.class,
                    WechatPayHealthAutoConfiguration.class));

    @Test
    void comesWithAClientAndHealthSupportAndGoesWithout() {
        runner.run(context -> assertThat(context).doesNotHaveBean(WechatPayHealthIndicator.class));
        runner.withUserConfiguration(SpringAutoConfigurationTest.UserClient.class)
                .run(context -> assertThat(context).hasSingleBean(WechatPayHealthIndicator.class)
                        .hasBean("wechatPayHealthIndicator"));
        runner.withUserConfiguration(SpringAutoConfigurationTest.UserClient.class)
                .withPropertyValues("management.health.wechatpay.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(WechatPayHealthIndicator.class));
        runner.withUserConfiguration(SpringAutoConfigurationTest.UserClient.class)
                .withClassLoader(new FilteredClassLoader(ReactiveHealthIndicator.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(WechatPayClient.class);
                    assertThat(context).doesNotHaveBean(WechatPayHealthIndicator.class);
                });
    }

    @Test
    void upFromOneEchoSharedByConcurrentProbesAndCachedForTheTtl() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(Sandboxed.IDENTITY).start();
                WechatPayClient client = Sandboxed.client(sandbox).build()) {
            WechatPayHealthIndicator health = new WechatPayHealthIndicator(client, Duration.ofHours(1));
            long before = sandbox.stats().requests();
            StepVerifier.create(Flux.range(0, 20).flatMap(i -> health.health(), 20).collectList())
                    .assertNext(all -> assertThat(all).extracting(Health::getStatus).containsOnly(Status.UP))
                    .expectComplete().verify(WAIT);
            StepVerifier.create(health.health()).assertNext(h -> assertThat(h.getStatus()).isEqualTo(Status.UP))
                    .expectComplete().verify(WAIT);
            assertThat(sandbox.stats().requests() - before).as("echoes sent for 21 probes").isEqualTo(1);
        }
    }

    @Test
    void downWithTheCulpritAndDetailAndNoSecret() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(Sandboxed.IDENTITY).start();
                WechatPayClient client = Sandboxed.client(sandbox).baseUrl(Sandboxed.closedPort())
                        .connectTimeout(Duration.ofSeconds(2)).build()) {
            StepVerifier.create(new WechatPayHealthIndicator(client, Duration.ofMinutes(5)).health())
                    .assertNext(h -> {
                        assertThat(h.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(h.getDetails()).containsEntry("culprit", "NETWORK").containsKey("detail");
                        String all = h.getDetails().toString();
                        for (String secret : List.of(Sandboxed.IDENTITY.apiV3KeyText(), "PRIVATE KEY", "signature=")) {
                            assertThat(all).doesNotContain(secret);
                        }
                    })
                    .expectComplete().verify(WAIT);
        }
    }
}
