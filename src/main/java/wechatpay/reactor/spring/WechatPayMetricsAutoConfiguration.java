package wechatpay.reactor.spring;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.micrometer.MeteredStreams;

/**
 * With Micrometer on the class path, a {@link MeterRegistry} bean (Boot's, with the actuator) and a
 * {@link WechatPayClient} bean: {@code wechatPayStreams}, a {@link MeteredStreams} whose {@code stats(name)} gives
 * the counters to pass to a stream, metered as {@code wechatpay.stream.*} tagged {@code stream=<name>}. Ordered
 * after Boot's registry and the client; an application's own {@link MeteredStreams} bean wins.
 */
@AutoConfiguration(after = WechatPayAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({MeterRegistry.class, WechatPayClient.class})
public class WechatPayMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public MeteredStreams wechatPayStreams(MeterRegistry registry) {
        return new MeteredStreams(registry);
    }
}
