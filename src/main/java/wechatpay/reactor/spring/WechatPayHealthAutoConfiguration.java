package wechatpay.reactor.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import wechatpay.reactor.WechatPayClient;

/**
 * The {@code wechatPay} health indicator: {@link WechatPayHealthIndicator} over the application's
 * {@link WechatPayClient}, when Spring Boot's health support ({@code spring-boot-health}, which the actuator
 * brings) is on the classpath and {@code management.health.wechatpay.enabled} is not {@code false}. The self-test
 * result is cached for {@code wechatpay.health.ttl} (default 5 minutes). A top-level auto-configuration after
 * {@link WechatPayAutoConfiguration}, so that its bean condition sees that configuration's client.
 */
@AutoConfiguration(after = WechatPayAutoConfiguration.class)
@ConditionalOnClass(ReactiveHealthIndicator.class)
@ConditionalOnBean(WechatPayClient.class)
@ConditionalOnEnabledHealthIndicator("wechatpay")
public class WechatPayHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "wechatPayHealthIndicator")
    public WechatPayHealthIndicator wechatPayHealthIndicator(WechatPayClient client, WechatPayProperties properties) {
        return new WechatPayHealthIndicator(client, properties.health().ttl());
    }
}
