package wechatpay.reactor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import wechatpay.reactor.CallListener;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.micrometer.ObservationCallListener;

/** {@link WechatPayObservationAutoConfiguration}: a listener with an observation registry, none without. */
class SpringObservationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WechatPayAutoConfiguration.class,
                    WechatPayObservationAutoConfiguration.class));

    @TempDir
    Path dir;

    @Test
    void theClientIsObservedWhenTheApplicationHasAnObservationRegistry() {
        runner.withPropertyValues(SpringKeyFiles.clientProperties(dir).toArray(String[]::new))
                .withBean(ObservationRegistry.class, TestObservationRegistry::create)
                .run(context -> {
                    assertThat(context).hasSingleBean(ObservationCallListener.class);
                    assertThat(context.getBean(WechatPayClient.class).toString()).contains("mchid");
                });
    }

    @Test
    void noRegistryOrNoMicrometerNoListenerAndTheClientStillComes() {
        runner.withPropertyValues(SpringKeyFiles.clientProperties(dir).toArray(String[]::new))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(CallListener.class);
                    assertThat(context).hasSingleBean(WechatPayClient.class);
                });
        runner.withPropertyValues(SpringKeyFiles.clientProperties(dir).toArray(String[]::new))
                .withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(CallListener.class);
                    assertThat(context).hasSingleBean(WechatPayClient.class);
                });
    }

    @Test
    void anApplicationsOwnListenerWins() {
        CallListener mine = event -> { };
        runner.withPropertyValues(SpringKeyFiles.clientProperties(dir).toArray(String[]::new))
                .withBean(ObservationRegistry.class, TestObservationRegistry::create)
                .withBean(CallListener.class, () -> mine)
                .run(context -> assertThat(context.getBean(CallListener.class)).isSameAs(mine));
    }
}
