/**
 * Spring Boot 4 auto-configuration, optional: with {@code spring-boot-autoconfigure} on the class path and
 * {@code wechatpay.mchid} set, the application gets a shared {@link wechatpay.reactor.WechatPayClient} bean; with
 * the APIv3 key, a {@link wechatpay.reactor.notification.NotificationParser}; in a WebFlux application with a
 * {@link wechatpay.reactor.spring.WechatPayNotificationHandler} bean, a verified callback route; with Spring Boot's
 * health support, a {@code wechatPay} health indicator backed by the client's cached self-test. Settings:
 * {@link wechatpay.reactor.spring.WechatPayProperties}. Nothing outside this package refers to Spring: without
 * Spring on the class path the rest of the library works as before.
 *
 * <p>Public here: the properties, the handler interface, the health indicator and the auto-configuration classes (to name in
 * {@code exclude}); everything else is package-private.
 */
@NullMarked
package wechatpay.reactor.spring;

import org.jspecify.annotations.NullMarked;
