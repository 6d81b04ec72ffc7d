package wechatpay.reactor.spring;

import static wechatpay.reactor.spring.PropertyFiles.invalid;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.util.Logger;
import reactor.util.Loggers;
import wechatpay.reactor.notification.NotificationParser;

/**
 * The callback route of a reactive web application: {@code POST wechatpay.callback.path} (default
 * {@value WechatPayProperties.Callback#DEFAULT_PATH}) reads the raw body, verifies and decrypts it with the
 * {@link NotificationParser} bean, hands the typed event to every {@link WechatPayNotificationHandler} bean, and
 * answers WeChat Pay as {@link wechatpay.reactor.notification.NotificationReply} says: 200 when handled (or
 * already handled: duplicates are acknowledged), 401 {@code FAIL} for a callback that fails verification, 400 for
 * one that cannot be read, 413 past {@code wechatpay.callback.max-body-size}, 500 when a handler fails.
 *
 * <p>Registered only with a parser bean (so with the APIv3 key) and at least one handler bean; without a handler
 * the start logs that there is no route, since acknowledging events nobody handles would lose them.
 * {@code wechatpay.callback.enabled=false} turns the route off. A top-level auto-configuration of its own, after
 * {@link WechatPayAutoConfiguration}, so that its bean conditions see that configuration's beans.
 */
@AutoConfiguration(after = WechatPayAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnBean(NotificationParser.class)
@ConditionalOnBooleanProperty(prefix = WechatPayProperties.PREFIX + ".callback", name = "enabled", matchIfMissing = true)
public class WechatPayCallbackAutoConfiguration {
    private static final Logger LOG = Loggers.getLogger(WechatPayCallbackAutoConfiguration.class);

    /** {@code POST wechatpay.callback.path}, handled by every handler bean in their {@code @Order}. */
    @Bean
    @ConditionalOnBean(WechatPayNotificationHandler.class)
    @ConditionalOnMissingBean(name = "wechatPayCallbackRoute")
    public RouterFunction<ServerResponse> wechatPayCallbackRoute(NotificationParser parser,
            ObjectProvider<WechatPayNotificationHandler> handlers, WechatPayProperties properties) {
        WechatPayProperties.Callback callback = properties.callback();
        String path = path(callback);
        if (callback.rememberedIds() < 0) {
            throw invalid("callback.remembered-ids", callback.rememberedIds(), "expected >= 0 (0 = remember none)");
        }
        CallbackRoute route = new CallbackRoute(parser, handlers.orderedStream().toList(), maxBodyBytes(callback),
                callback.rememberedIds());
        LOG.info("WeChat Pay callbacks: POST {}", path);
        return RouterFunctions.route(RequestPredicates.POST(path), route);
    }

    /** Says at start that callbacks have no route, and why. */
    @Bean
    @ConditionalOnMissingBean(WechatPayNotificationHandler.class)
    public static SmartInitializingSingleton wechatPayCallbackRouteAbsent(WechatPayProperties properties) {
        String path = properties.callback().path();
        return () -> LOG.info("WeChat Pay callbacks: no route at {}: the application has no"
                + " WechatPayNotificationHandler bean", path);
    }

    static String path(WechatPayProperties.Callback callback) {
        String path = callback.path();
        if (path == null || !path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#')) {
            throw invalid("callback.path", path, "expected a path such as " + WechatPayProperties.Callback.DEFAULT_PATH);
        }
        return path;
    }

    static int maxBodyBytes(WechatPayProperties.Callback callback) {
        long bytes = callback.maxBodySize() == null ? -1 : callback.maxBodySize().toBytes();
        if (bytes < 1 || bytes > Integer.MAX_VALUE) {
            throw invalid("callback.max-body-size", callback.maxBodySize(), "expected 1B to 2GB, such as 64KB");
        }
        return (int) bytes;
    }
}
