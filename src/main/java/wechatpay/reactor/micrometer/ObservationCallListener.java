package wechatpay.reactor.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import reactor.util.context.ContextView;
import wechatpay.reactor.CallEvent;
import wechatpay.reactor.CallListener;

/**
 * One {@link Observation} named {@value #NAME} per HTTP call of a {@link wechatpay.reactor.WechatPayClient} (each
 * attempt of a retried call is one): a timer with the default meter handler, a span when the application traces.
 * Low-cardinality keys, fit for metric tags: {@code path} (the template, such as
 * {@code /v3/credit-repayment/partner/schedule-records/{out_record_id}}), {@code method}, {@code outcome}
 * ({@link CallEvent.Outcome}), {@code status} (0 when WeChat Pay did not answer), {@code code} (the error code,
 * {@code none} on success). High-cardinality values, for spans and logs only: {@code request_id}
 * (WeChat Pay's {@code Request-ID}), {@code uri} (the path as sent, carrying ids such as {@code out_record_id})
 * and {@code attempt}. The parent is the observation in the subscriber's Reactor context under
 * {@value ObservationThreadLocalAccessorKey#KEY}, if any. Thread-safe; share one.
 *
 * <pre>{@code
 * WechatPayClient client = WechatPayClient.builder()...
 *     .callListener(new ObservationCallListener(observationRegistry))
 *     .build();
 * }</pre>
 */
public final class ObservationCallListener implements CallListener {
    /** The observation's name. */
    public static final String NAME = "wechatpay.client.request";

    private final ObservationRegistry registry;

    public ObservationCallListener(ObservationRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public CallListener onStart(String template, String method, ContextView context) {
        Object parent = context.getOrDefault(ObservationThreadLocalAccessorKey.KEY, null);
        Observation observation = Observation.createNotStarted(NAME, registry)
                .contextualName(method + " " + template)
                .lowCardinalityKeyValue("path", template)
                .lowCardinalityKeyValue("method", method);
        if (parent instanceof Observation p) {
            observation.parentObservation(p);
        }
        observation.start();
        return event -> stop(observation, event);
    }

    @Override
    public void onCall(CallEvent event) {
        // Every call has started through onStart, whose listener hears its end.
    }

    private static void stop(Observation observation, CallEvent event) {
        observation.lowCardinalityKeyValue("outcome", event.outcome().name())
                .lowCardinalityKeyValue("status", Integer.toString(event.status()))
                .lowCardinalityKeyValue("code", event.code().orElse("none"))
                .highCardinalityKeyValue("uri", event.path())
                .highCardinalityKeyValue("attempt", Integer.toString(event.attempt()));
        event.requestId().ifPresent(id -> observation.highCardinalityKeyValue("request_id", id));
        observation.stop();
    }

    @Override
    public String toString() {
        return "ObservationCallListener[" + registry + "]";
    }
}
