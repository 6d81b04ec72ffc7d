package wechatpay.reactor.creditrepayment;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.ApiResponse;
import wechatpay.reactor.Chain;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.internal.ClientAccess;
import wechatpay.reactor.internal.Excerpt;
import wechatpay.reactor.internal.WireReader;

/** Start repayment (发起还款) as a creating endpoint: {@code POST deduct-orders}, the order query, the order's rules. */
final class DeductOrderCalls implements CreateOrReconcile.Endpoint<DeductOrder, DeductOrderRecord> {
    static final String CREATE = "v3/credit-repayment/partner/deduct-orders";
    static final String ORDER = "v3/credit-repayment/partner/deduct-orders/{out_trade_no}";

    private final Chain create;
    private final Chain order;

    DeductOrderCalls(WechatPayClient client) {
        ClientAccess access = ClientAccess.get();
        this.create = access.once(client.chain(CREATE));
        this.order = access.once(client.chain(ORDER));
    }

    @Override
    public String key(DeductOrder order) {
        return "out_trade_no " + order.outTradeNo();
    }

    @Override
    public void check(DeductOrder order) {
        order.validate();
    }

    @Override
    public Mono<ApiResponse<JsonNode>> create(DeductOrder order) {
        return create.post(order.toJson());
    }

    @Override
    public DeductOrderRecord created(DeductOrder order, JsonNode answer) {
        return found(order, answer);
    }

    @Override
    public Mono<ApiResponse<JsonNode>> query(DeductOrder order) {
        return this.order.get(Map.of("out_trade_no", order.outTradeNo()));
    }

    @Override
    public DeductOrderRecord found(DeductOrder order, JsonNode answer) {
        DeductOrderRecord r = DeductOrderRecord.read(WireReader.of(answer, "deduct order"), order);
        if (!r.outTradeNo().equals(order.outTradeNo())) {
            throw new IllegalArgumentException("out_trade_no: the answer for " + order.outTradeNo()
                    + " holds the order " + Excerpt.of(r.outTradeNo()));
        }
        return r;
    }

    /** Whether the order WeChat Pay holds is the one asked for (fields it left out are not held against it). */
    @Override
    public boolean matches(DeductOrder order, DeductOrderRecord r) {
        return order.contractId().equals(r.contractId()) && order.outRecordId().equals(r.outRecordId())
                && order.deductAmount() == r.deductAmount() && order.description().equals(r.description())
                && sameIfBoth(order.attach(), r.attach());
    }

    private static boolean sameIfBoth(Optional<String> a, Optional<String> b) {
        return a.isEmpty() || b.isEmpty() || Objects.equals(a, b);
    }
}
