package wechatpay.reactor.micrometer;

/** Where a parent observation sits in a Reactor context (Micrometer's {@code ObservationThreadLocalAccessor.KEY}). */
final class ObservationThreadLocalAccessorKey {
    static final String KEY = "micrometer.observation";

    private ObservationThreadLocalAccessorKey() {
    }
}
