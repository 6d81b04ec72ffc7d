package wechatpay.reactor.creditrepayment;

import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import wechatpay.reactor.Chain;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.WechatPayException;

/**
 * Start repayment (发起还款, {@code POST deduct-orders}) and the order query. An order repays a schedule record
 * and is keyed by the merchant's {@code out_trade_no}: it goes through the same create-or-reconcile operator as
 * schedule records, so a create whose result is unknown is settled by querying the order before anything is
 * sent again: nothing is deducted twice. The result arrives later as a {@code DEDUCTION_PAY} callback (see
 * {@code wechatpay.reactor.notification}) or by {@link #get}. Thread-safe; every call is lazy.
 *
 * <pre>{@code
 * Mono<DeductOrderRecord> started = client.creditRepayment().deductOrders().create(order);
 * Flux<DeductOutcome> all = client.creditRepayment().deductOrders().deduct(orders);
 * }</pre>
 */
public final class DeductOrders {
    private final WechatPayClient client;
    private final CreateOrReconcile<DeductOrder, DeductOrderRecord> creation;
    private final Chain order;

    DeductOrders(WechatPayClient client) {
        this.client = client;
        this.creation = new CreateOrReconcile<>(new DeductOrderCalls(client), client.retryPolicy());
        this.order = client.chain(DeductOrderCalls.ORDER);
    }

    /**
     * Starts one deduction. An invalid order fails with {@link ValidationException} and nothing is sent;
     * otherwise the order WeChat Pay holds, or a {@link WechatPayException}: WeChat Pay's refusal (after a query
     * confirmed no order exists), a {@code CONFLICT} ({@code out_trade_no} holds other content), or the last
     * failure once the client's retry policy is spent.
     */
    public Mono<DeductOrderRecord> create(DeductOrder order) {
        return creation.single(order, "order");
    }

    /** The deduct order {@code outTradeNo}, with its {@code order_state}. */
    public Mono<DeductOrderRecord> get(String outTradeNo) {
        return Mono.defer(() -> {
            if (outTradeNo == null || outTradeNo.isEmpty()) {
                throw new ValidationException("out_trade_no", "required");
            }
            return order.get(Map.of("out_trade_no", outTradeNo))
                    .map(answer -> answer.decode(DeductOrderRecord::fromJson));
        });
    }

    /** Starts every order of {@code orders}: exactly one {@link DeductOutcome} per order, as {@code schedule(...)}. */
    public Flux<DeductOutcome> deduct(Flux<DeductOrder> orders) {
        return deduct(orders, StreamOptions.defaults());
    }

    /** As {@link #deduct(Flux)}, with options: a lower in-flight bound or rate, retries, order, stopping, stats. */
    public Flux<DeductOutcome> deduct(Flux<DeductOrder> orders, StreamOptions options) {
        Objects.requireNonNull(orders, "orders");
        Objects.requireNonNull(options, "options");
        CreateOrReconcile<DeductOrder, DeductOrderRecord> streamCreation = creation.withRetry(options.retryPolicy());
        return Flux.defer(() -> new CreateStream<>(streamCreation, DeductOrders::outcome, client, options).run(orders));
    }

    /** As {@link #deduct(Flux, StreamOptions)} over the caller's own messages, each outcome with its message. */
    public <T> Flux<Correlated<T, DeductOutcome>> deduct(Flux<T> messages,
            java.util.function.Function<? super T, DeductOrder> toOrder, StreamOptions options) {
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(toOrder, "toOrder");
        Objects.requireNonNull(options, "options");
        CreateOrReconcile<DeductOrder, DeductOrderRecord> streamCreation = creation.withRetry(options.retryPolicy());
        return Flux.defer(() -> new CreateStream<>(streamCreation, DeductOrders::outcome, client, options)
                .run(messages, toOrder, (T message, DeductOutcome o) -> new Correlated<>(message, o)));
    }

    private static DeductOutcome outcome(long index, DeductOrder order, CreateOrReconcile.Result<DeductOrderRecord> result) {
        if (result instanceof CreateOrReconcile.Created<DeductOrderRecord> c) {
            return new DeductOutcome.Started(index, order, c.record(), c.calls(), c.requestIds(), c.reconciled());
        }
        if (result instanceof CreateOrReconcile.Refused<DeductOrderRecord> r) {
            return new DeductOutcome.Rejected(index, order, r.code(), r.message(), r.field(), r.status(), r.calls(),
                    r.requestIds());
        }
        CreateOrReconcile.GaveUp<DeductOrderRecord> g = (CreateOrReconcile.GaveUp<DeductOrderRecord>) result;
        return new DeductOutcome.Failed(index, order, g.code(), g.message(), g.calls(), g.requestIds(), g.cause());
    }
}
