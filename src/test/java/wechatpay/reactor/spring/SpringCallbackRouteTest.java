package wechatpay.reactor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import wechatpay.reactor.notification.Notification;

/**
 * When {@link WechatPayCallbackAutoConfiguration} registers the route, and what the route answers to callbacks that
 * must never reach a handler. Signed callbacks from a real sandbox: {@link SpringBootAppTest}.
 */
class SpringCallbackRouteTest {
    private static final String ROUTE = "wechatPayCallbackRoute";

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WechatPayAutoConfiguration.class,
                    WechatPayCallbackAutoConfiguration.class));

    @TempDir
    Path dir;

    @Configuration(proxyBeanMethods = false)
    static class Handlers {
        final List<Notification> seen = new CopyOnWriteArrayList<>();

        @Bean
        WechatPayNotificationHandler recorder() {
            return event -> Mono.fromRunnable(() -> seen.add(event));
        }
    }

    @Test
    void theRouteNeedsTheParserAndAHandler() {
        runner.withUserConfiguration(Handlers.class).withPropertyValues(SpringKeyFiles.withApiV3Key(dir))
                .run(context -> assertThat(context).hasBean(ROUTE).doesNotHaveBean("wechatPayCallbackRouteAbsent"));
        runner.withPropertyValues(SpringKeyFiles.withApiV3Key(dir))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ROUTE)
                        .hasBean("wechatPayCallbackRouteAbsent"));
        runner.withUserConfiguration(Handlers.class)
                .withPropertyValues(SpringKeyFiles.clientProperties(dir).toArray(String[]::new))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ROUTE));
        runner.withUserConfiguration(Handlers.class).withPropertyValues(SpringKeyFiles.withApiV3Key(dir))
                .withPropertyValues("wechatpay.callback.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ROUTE));
    }

    @Test
    void noRouteWithoutWebFluxOrOutsideAReactiveWebApplication() {
        runner.withUserConfiguration(Handlers.class).withPropertyValues(SpringKeyFiles.withApiV3Key(dir))
                .withClassLoader(new FilteredClassLoader(RouterFunction.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ROUTE)
                        .hasBean("wechatPayNotificationParser"));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WechatPayAutoConfiguration.class,
                        WechatPayCallbackAutoConfiguration.class))
                .withUserConfiguration(Handlers.class).withPropertyValues(SpringKeyFiles.withApiV3Key(dir))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ROUTE));
    }

    @Test
    void aBadCallbackPathNamesTheProperty() {
        runner.withUserConfiguration(Handlers.class).withPropertyValues(SpringKeyFiles.withApiV3Key(dir))
                .withPropertyValues("wechatpay.callback.path=callback")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("wechatpay.callback.path"));
    }

    @Test
    void unsignedForgedEmptyAndOversizeCallbacksAreRefusedAsWechatPayExpects() {
        runner.withUserConfiguration(Handlers.class).withPropertyValues(SpringKeyFiles.withApiV3Key(dir))
                .withPropertyValues("wechatpay.callback.path=/pay/notify", "wechatpay.callback.max-body-size=1KB")
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    RouterFunction<ServerResponse> route = context.getBean(ROUTE, RouterFunction.class);
                    WebTestClient web = WebTestClient.bindToRouterFunction(route).build();
                    String envelope = "{\"id\":\"EV1\",\"event_type\":\"CREDIT_REPAYMENT.DEDUCTION_PAY\"}";

                    refused(web.post().uri("/pay/notify").bodyValue(envelope), 401, "MISSING_HEADER");
                    refused(web.post().uri("/pay/notify")
                            .header("Wechatpay-Timestamp", Long.toString(System.currentTimeMillis() / 1000))
                            .header("Wechatpay-Nonce", "n0nce").header("Wechatpay-Serial",
                                    SpringKeyFiles.IDENTITY.publicKeyId())
                            .header("Wechatpay-Signature", Base64.getEncoder().encodeToString(new byte[256])).bodyValue(envelope), 401, "BAD_SIGNATURE");
                    refused(web.post().uri("/pay/notify"), 400, "EMPTY_BODY");
                    refused(web.post().uri("/pay/notify").bodyValue("x".repeat(1025)), 413, "TOO_LARGE");
                    web.get().uri("/pay/notify").exchange().expectStatus().isNotFound();
                    assertThat(context.getBean(Handlers.class).seen).isEmpty();
                });
    }

    private static void refused(WebTestClient.RequestHeadersSpec<?> request, int status, String reason) {
        request.exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody(byte[].class).consumeWith(result -> {
                    String body = new String(result.getResponseBody(), StandardCharsets.UTF_8);
                    assertThat(body).startsWith("{\"code\":\"FAIL\",\"message\":\"" + reason + ": ");
                });
    }
}
