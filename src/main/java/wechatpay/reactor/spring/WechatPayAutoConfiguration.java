package wechatpay.reactor.spring;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.io.ResourceLoader;
import wechatpay.reactor.CallListener;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.notification.NotificationParser;

/**
 * The {@link WechatPayClient} of a Spring Boot application, and its {@link NotificationParser}.
 * <ul>
 * <li>{@code wechatPayClient}: built from {@link WechatPayProperties} when {@code wechatpay.mchid} is set and the
 *     application has no {@link WechatPayClient} bean of its own; closed with the context. A missing or
 *     unreadable key file fails the start with an error naming the property.</li>
 * <li>{@code wechatPayNotificationParser}: when a client bean exists (this one or the application's) and
 *     {@code wechatpay.api-v3-key} or {@code wechatpay.api-v3-key-location} is set; it trusts the client's
 *     WeChat Pay keys and accepts bodies up to {@code wechatpay.callback.max-body-size}.</li>
 * </ul>
 * The callback route is {@link WechatPayCallbackAutoConfiguration}'s. Further integrations that need the client
 * (a health indicator, meters) belong in auto-configurations of their own, ordered after this one.
 */
@AutoConfiguration
@EnableConfigurationProperties(WechatPayProperties.class)
public class WechatPayAutoConfiguration {

    /**
     * The client of {@code wechatpay.*}; immutable and thread-safe, shared by the whole application. It tells the
     * application's {@link CallListener} bean, if it has exactly one, of every call (with Micrometer, that of
     * {@link WechatPayObservationAutoConfiguration}).
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = WechatPayProperties.PREFIX, name = "mchid")
    public WechatPayClient wechatPayClient(WechatPayProperties properties, ResourceLoader resourceLoader,
            ObjectProvider<CallListener> listener) {
        return new PropertiesClient(properties, resourceLoader).build(listener.getIfUnique());
    }

    /** The callback parser: verifies with the client's WeChat Pay keys, decrypts with the APIv3 key. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(WechatPayClient.class)
    @Conditional(OnApiV3Key.class)
    public NotificationParser wechatPayNotificationParser(WechatPayClient client, WechatPayProperties properties,
            ResourceLoader resourceLoader) {
        return NotificationParser.builder()
                .keys(client.keyRing())
                .apiV3Key(new PropertiesClient(properties, resourceLoader).apiV3Key())
                .clock(client.clock())
                .window(client.verificationWindow())
                .maxBodyBytes(WechatPayCallbackAutoConfiguration.maxBodyBytes(properties.callback()))
                .build();
    }

    /** {@code wechatpay.api-v3-key} or {@code wechatpay.api-v3-key-location} is set. */
    static final class OnApiV3Key extends AnyNestedCondition {
        OnApiV3Key() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(prefix = WechatPayProperties.PREFIX, name = "api-v3-key")
        static final class Inline {
        }

        @ConditionalOnProperty(prefix = WechatPayProperties.PREFIX, name = "api-v3-key-location")
        static final class Location {
        }
    }
}
