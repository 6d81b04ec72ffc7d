package wechatpay.reactor.spring;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import wechatpay.reactor.CallListener;
import wechatpay.reactor.micrometer.ObservationCallListener;

/**
 * With Micrometer's Observation API on the class path and an {@link ObservationRegistry} bean (Boot's, with the
 * actuator, or the application's), a {@link CallListener} bean that records one observation per call
 * ({@link ObservationCallListener}); the auto-configured client uses it. A top-level auto-configuration ordered
 * after Boot's observation support (so its bean condition sees that registry) and before
 * {@link WechatPayAutoConfiguration} (so the client finds the listener); an application's own {@link CallListener}
 * bean wins.
 */
@AutoConfiguration(before = WechatPayAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
public class WechatPayObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(CallListener.class)
    public ObservationCallListener wechatPayCallListener(ObservationRegistry registry) {
        return new ObservationCallListener(registry);
    }
}
