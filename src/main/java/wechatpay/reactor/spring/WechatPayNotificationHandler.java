package wechatpay.reactor.spring;

import reactor.core.publisher.Mono;
import wechatpay.reactor.notification.Notification;

/**
 * What the application does with a verified, decrypted callback. Declare one or more beans of this type and
 * the callback route at {@code wechatpay.callback.path} calls each of them in order ({@code @Order}), one after
 * the other, for every event; with none, no route is registered. The route answers WeChat Pay 200 when every
 * handler completes, and 500 {@code FAIL} when one fails, after which WeChat Pay delivers the event again.
 *
 * <p>WeChat Pay delivers duplicates: the route acknowledges a repeated {@link Notification#id()} it has already
 * handled without calling the handlers again, but only within this instance and its memory
 * ({@code wechatpay.callback.remembered-ids}); across instances and restarts, handle by {@code id()}
 * idempotently. Handlers are called on a {@code parallel} Reactor thread: never block it (move blocking work
 * with {@code publishOn(Schedulers.boundedElastic())}), and answer within WeChat Pay's 5 seconds.
 *
 * <pre>{@code
 * @Bean
 * WechatPayNotificationHandler deductions(Orders orders) {
 *     return event -> event instanceof Notification.DeductionPaid paid
 *             ? orders.markPaid(paid.id(), paid.order())       // idempotent by id
 *             : Mono.empty();                                   // other events: acknowledged, ignored
 * }
 * }</pre>
 */
@FunctionalInterface
public interface WechatPayNotificationHandler {

    /** Handles one event; completes when it is handled for good (stored, queued), or fails to refuse it. */
    Mono<Void> handle(Notification event);
}
