package wechatpay.reactor.spring;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.DeductOrderRecord;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.creditrepayment.ScheduleOutcome;
import wechatpay.reactor.creditrepayment.StreamOptions;
import wechatpay.reactor.micrometer.MeteredStreams;
import wechatpay.reactor.notification.Notification;

/** The README's Spring Boot examples, compiled; {@link SpringReadmeTest} keeps the two the same. */
final class SpringReadmeExample {
    private SpringReadmeExample() {
    }

    interface Orders {
        Mono<Void> markPaid(String eventId, DeductOrderRecord order);
    }

    static final class InMemoryOrders implements Orders {
        final Set<String> paid = ConcurrentHashMap.newKeySet();

        @Override
        public Mono<Void> markPaid(String eventId, DeductOrderRecord order) {
            return Mono.fromRunnable(() -> paid.add(order.outTradeNo()));
        }
    }

    // README:begin
    @Configuration
    class WechatPayCallbacks {
        @Bean
        WechatPayNotificationHandler deductionPaid(Orders orders) {
            return event -> event instanceof Notification.DeductionPaid paid
                    ? orders.markPaid(paid.id(), paid.order())   // idempotent by id: duplicates are normal
                    : Mono.empty();                              // other events: acknowledged, ignored
        }
    }

    // and anywhere: the auto-configured client, shared by the whole application
    Mono<DeductOrderRecord> order(WechatPayClient client, String outTradeNo) {
        return client.creditRepayment().deductOrders().get(outTradeNo);
    }
    // README:end

    // README:begin
    Flux<ScheduleOutcome> nightly(WechatPayClient client, MeteredStreams streams, Flux<ScheduleItem> items) {
        return client.creditRepayment().scheduleRecords()
                .schedule(items, StreamOptions.defaults().withStats(streams.stats("nightly")));
    }
    // README:end
}
