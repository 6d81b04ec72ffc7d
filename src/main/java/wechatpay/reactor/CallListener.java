package wechatpay.reactor;

import reactor.util.context.ContextView;

/**
 * Hears every HTTP call a {@link WechatPayClient} makes: every attempt of a retried call, the create-or-reconcile
 * operator's queries, the platform-certificate downloads. Set with
 * {@link WechatPayClient.Builder#callListener(CallListener)}; the {@code micrometer} package has one that records
 * Observations. A listener must be thread-safe, quick and non-blocking (it runs on the thread that completes the
 * call), and should not throw: what it throws is logged and dropped, never the call's failure.
 *
 * <pre>{@code
 * WechatPayClient.builder()...
 *     .callListener(call -> log.info("{} {} -> {} in {}", call.method(), call.template(), call.status(),
 *             call.duration()))
 * }</pre>
 */
@FunctionalInterface
public interface CallListener {

    /** One call ended: answered, failed or cancelled. */
    void onCall(CallEvent event);

    /**
     * One call is about to start; the listener returned hears its end (default: this one). A listener that times
     * calls itself (an Observation, a span) starts there, with the subscriber's Reactor {@code context} at hand.
     *
     * @param template the endpoint's path template, such as
     *                 {@code /v3/credit-repayment/partner/schedule-records/{out_record_id}}
     * @param method   the HTTP method
     * @param context  the Reactor context of the subscriber
     */
    default CallListener onStart(String template, String method, ContextView context) {
        return this;
    }

    /** A listener that does nothing. */
    static CallListener none() {
        return NoCallListener.INSTANCE;
    }
}
