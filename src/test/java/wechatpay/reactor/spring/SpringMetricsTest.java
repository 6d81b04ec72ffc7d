package wechatpay.reactor.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.StreamStats;
import wechatpay.reactor.micrometer.MeteredStreams;

/**
 * {@link WechatPayMetricsAutoConfiguration}: metered streams with a registry and a client, none without either or
 * without Micrometer; and {@code wechatpay.metrics.transport}, which the client takes.
 */
class SpringMetricsTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WechatPayAutoConfiguration.class,
                    WechatPayMetricsAutoConfiguration.class));

    @TempDir
    Path dir;

    private ApplicationContextRunner configured() {
        return runner.withPropertyValues(SpringKeyFiles.clientProperties(dir).toArray(String[]::new));
    }

    @Test
    void aRegistryAndAClientGiveMeteredStreamsOneStatsPerName() {
        configured().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            MeteredStreams streams = context.getBean(MeteredStreams.class);
            StreamStats nightly = streams.stats("nightly");
            assertThat(streams.stats("nightly")).isSameAs(nightly);
            assertThat(streams.stats("retry")).isNotSameAs(nightly);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("wechatpay.stream.items").tag("stream", "nightly").tag("result", "created")
                    .functionCounter().count()).isZero();
            assertThat(registry.get("wechatpay.stream.in_flight").tag("stream", "retry").gauge().value()).isZero();
            assertThatThrownBy(() -> streams.stats(" ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("stream name");
        });
    }

    @Test
    void namesAreCappedSoThatARunIdCannotFloodTheRegistry() {
        MeteredStreams streams = new MeteredStreams(new SimpleMeterRegistry());
        for (int i = 0; i < MeteredStreams.MAX_NAMES; i++) {
            streams.stats("job" + i);
        }
        assertThat(streams.stats("job0")).isNotNull();
        assertThatThrownBy(() -> streams.stats("run-4711")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("run-4711").hasMessageContaining("at most " + MeteredStreams.MAX_NAMES);
    }

    @Test
    void noRegistryNoClientOrNoMicrometerNoMeteredStreams() {
        configured().run(context -> {
            assertThat(context).hasSingleBean(WechatPayClient.class);
            assertThat(context).doesNotHaveBean(MeteredStreams.class);
        });
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> assertThat(context).doesNotHaveBean(MeteredStreams.class));
        configured().withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(WechatPayClient.class);
            assertThat(context).doesNotHaveBean(MeteredStreams.class);
        });
    }

    @Test
    void anApplicationsOwnMeteredStreamsWin() {
        MeteredStreams mine = new MeteredStreams(new SimpleMeterRegistry());
        configured().withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(MeteredStreams.class, () -> mine)
                .run(context -> assertThat(context.getBean(MeteredStreams.class)).isSameAs(mine));
    }

    @Test
    void theTransportMetersAreOffUnlessThePropertyAsks() {
        configured().run(context -> assertThat(context.getBean(WechatPayProperties.class).metrics().transport())
                .isFalse());
        configured().withPropertyValues("wechatpay.metrics.transport=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(WechatPayProperties.class).metrics().transport()).isTrue();
            assertThat(context.getBean(WechatPayClient.class).transportMetrics()).isTrue();
        });
    }
}
