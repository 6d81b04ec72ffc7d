package wechatpay.reactor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.notification.NotificationParser;
import wechatpay.reactor.sandbox.SandboxIdentity;

/** Every condition of {@link WechatPayAutoConfiguration}, and errors that name the property at fault. */
class SpringAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WechatPayAutoConfiguration.class,
                    WechatPayCallbackAutoConfiguration.class));

    @TempDir
    Path dir;

    @Configuration(proxyBeanMethods = false)
    static class UserClient {
        @Bean
        WechatPayClient myClient() {
            SandboxIdentity id = SpringKeyFiles.IDENTITY;
            return WechatPayClient.builder()
                    .merchant(id.mchid(), id.merchantSerial(), id.merchantKeys().getPrivate())
                    .wechatPayPublicKey(id.publicKeyId(), id.wechatPayKeys().getPublic())
                    .baseUrl("http://127.0.0.1:9").build();
        }
    }

    @Test
    void backsOffWithoutMchid() {
        runner.withPropertyValues("wechatpay.api-v3-key=" + SpringKeyFiles.IDENTITY.apiV3KeyText())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(WechatPayClient.class);
                    assertThat(context).doesNotHaveBean(NotificationParser.class);
                    assertThat(context).hasSingleBean(WechatPayProperties.class);
                });
    }

    @Test
    void buildsTheClientFromPropertiesAndClosesItWithTheContext() {
        runner.withPropertyValues(SpringKeyFiles.clientProperties(dir).toArray(String[]::new))
                .withPropertyValues("wechatpay.base-url=http://127.0.0.1:9", "wechatpay.max-in-flight=8",
                        "wechatpay.requests-per-second=50", "wechatpay.retry.max-attempts=1")
                .run(context -> {
                    WechatPayClient client = context.getBean(WechatPayClient.class);
                    assertThat(client.mchid()).isEqualTo(SpringKeyFiles.IDENTITY.mchid());
                    assertThat(client.maxInFlight()).isEqualTo(8);
                    assertThat(client.requestsPerSecond()).isEqualTo(50.0);
                    assertThat(client.retryPolicy().maxAttempts()).isEqualTo(1);
                    assertThat(client.keyRing().current().serials()).contains(SpringKeyFiles.IDENTITY.publicKeyId());
                    AbstractBeanDefinition definition = (AbstractBeanDefinition) context.getBeanFactory()
                            .getBeanDefinition("wechatPayClient");
                    assertThat(definition.getDestroyMethodNames()).containsExactly("close");
                    assertThat(context).doesNotHaveBean(NotificationParser.class);   // no APIv3 key
                });
    }

    @Test
    void theParserComesWithTheApiV3KeyInlineOrFromAFile() {
        runner.withPropertyValues(SpringKeyFiles.withApiV3Key(dir))
                .run(context -> assertThat(context).hasSingleBean(NotificationParser.class));
        Path key = SpringKeyFiles.write(dir, "apiv3.key", SpringKeyFiles.IDENTITY.apiV3KeyText() + "\n");
        runner.withPropertyValues(SpringKeyFiles.clientProperties(dir).toArray(String[]::new))
                .withPropertyValues("wechatpay.api-v3-key-location=" + key)
                .run(context -> assertThat(context).hasSingleBean(NotificationParser.class));
    }

    @Test
    void aUserClientWinsAndStillGetsTheParser() {
        runner.withUserConfiguration(UserClient.class)
                .withPropertyValues("wechatpay.mchid=1900000001", "wechatpay.private-key-location=/no/such.pem",
                        "wechatpay.api-v3-key=" + SpringKeyFiles.IDENTITY.apiV3KeyText())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(WechatPayClient.class).hasBean("myClient");
                    assertThat(context).hasSingleBean(NotificationParser.class);
                });
    }

    @Test
    void aMissingKeyFileNamesTheProperty() {
        List<String> p = SpringKeyFiles.clientProperties(dir);
        p.set(2, "wechatpay.private-key-location=" + dir.resolve("absent.pem"));
        assertFailure(p, "wechatpay.private-key-location", "no such file");
    }

    @Test
    void aBadKeyFileNamesTheProperty() {
        List<String> p = SpringKeyFiles.clientProperties(dir);
        p.set(4, "wechatpay.public-key-location=" + SpringKeyFiles.write(dir, "bad.pem", "not a key"));
        assertFailure(p, "wechatpay.public-key-location", "public key");
    }

    @Test
    void missingKeysAndBadLimitsNameTheProperty() {
        List<String> p = SpringKeyFiles.clientProperties(dir);
        assertFailure(p.subList(0, 3), "wechatpay.public-key-location", "required");
        assertFailure(List.of(p.get(0), p.get(2), p.get(3), p.get(4)), "wechatpay.merchant-serial", "required");
        List<String> zero = new ArrayList<>(p);
        zero.add("wechatpay.max-in-flight=0");
        assertFailure(zero, "wechatpay.max-in-flight", "expected 1..10000");
        List<String> http = new ArrayList<>(p);
        http.add("wechatpay.base-url=http://api.example.com");
        assertFailure(http, "wechatpay.base-url", "loopback");
        List<String> retry = new ArrayList<>(p);
        retry.add("wechatpay.retry.max-attempts=0");
        assertFailure(retry, "wechatpay.retry.max-attempts", "maxAttempts");
    }

    @Test
    void aBadApiV3KeyNamesThePropertyButNeverShowsTheKey() {
        List<String> p = SpringKeyFiles.clientProperties(dir);
        p.add("wechatpay.api-v3-key=SECRETSECRETSHORT");
        runner.withPropertyValues(p.toArray(String[]::new)).run(context -> {
            assertThat(context).hasFailed();
            Throwable root = rootOf(context.getStartupFailure());
            assertThat(root).isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("wechatpay.api-v3-key").hasMessageNotContaining("SECRETSECRETSHORT");
        });
    }

    @Test
    void thePropertiesNeverPrintTheApiV3Key() {
        runner.withPropertyValues("wechatpay.api-v3-key=" + SpringKeyFiles.IDENTITY.apiV3KeyText()).run(context -> {
            WechatPayProperties properties = context.getBean(WechatPayProperties.class);
            assertThat(properties.apiV3Key()).isEqualTo(SpringKeyFiles.IDENTITY.apiV3KeyText());
            assertThat(properties.toString()).contains("apiV3Key=redacted")
                    .doesNotContain(SpringKeyFiles.IDENTITY.apiV3KeyText());
            assertThat(properties.callback().path()).isEqualTo("/wechatpay/callback");
            assertThat(properties.callback().maxBodySize().toBytes()).isEqualTo(64 * 1024);
        });
    }

    private void assertFailure(List<String> properties, String property, String reason) {
        runner.withPropertyValues(properties.toArray(String[]::new)).run(context -> {
            assertThat(context).hasFailed();
            Throwable root = rootOf(context.getStartupFailure());
            assertThat(root).isInstanceOf(InvalidConfigurationPropertyValueException.class);
            assertThat(((InvalidConfigurationPropertyValueException) root).getName()).isEqualTo(property);
            assertThat(root).hasMessageContaining(property).hasMessageContaining(reason);
        });
    }

    private static Throwable rootOf(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof InvalidConfigurationPropertyValueException)) {
            t = t.getCause();
        }
        return t;
    }
}
