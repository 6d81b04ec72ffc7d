package wechatpay.reactor;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.context.ContextView;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.RawAnswer;
import wechatpay.reactor.internal.RawRequest;

/**
 * The pipeline's observe filter: times each attempt, tells the {@link CallListener} how it ended, and logs it on
 * {@value #LOGGER}: one DEBUG line per call (method, path template, status, outcome, code, attempt, duration,
 * Request-ID), WARN when an answer fails verification. Nothing else: no header, no signature, no body.
 */
final class CallObserver {
    static final String LOGGER = "wechatpay.reactor.calls";
    /** The Reactor context key under which the retry filter puts the attempt number (an Integer, from 1). */
    static final String ATTEMPT = CallObserver.class.getName() + ".attempt";

    private final CallListener listener;
    /** Per client, taken when it is built, so that a logger factory set before that applies. */
    private final Logger log = Loggers.getLogger(LOGGER);

    CallObserver(CallListener listener) {
        this.listener = listener == null ? CallListener.none() : listener;
    }

    /** A retry of {@code request} after {@code failure}, in {@code delay}. */
    void retrying(RawRequest request, int attempt, Throwable failure, Duration delay) {
        log.warn("{} {}: attempt {} failed ({}), retrying in {} ms", request.method(), request.template(), attempt,
                failure instanceof WechatPayException w ? w.code() : failure.getClass().getSimpleName(),
                delay.toMillis());
    }

    Mono<RawAnswer> filter(RawRequest request, Function<RawRequest, Mono<RawAnswer>> next) {
        if (listener == CallListener.none() && !log.isDebugEnabled() && !log.isWarnEnabled()) {
            return next.apply(request);
        }
        return Mono.deferContextual(context -> {
            int attempt = context.getOrDefault(ATTEMPT, 1);
            CallListener heard = start(request, context);
            long start = System.nanoTime();
            AtomicBoolean ended = new AtomicBoolean();
            Consumer<Ending> end = ending -> {
                if (ended.compareAndSet(false, true)) {
                    ended(heard, ending.event(request, attempt, Duration.ofNanos(System.nanoTime() - start)));
                }
            };
            return next.apply(request)
                    .doOnNext(answer -> end.accept(Ending.of(answer)))
                    .doOnError(e -> end.accept(Ending.of(e)))
                    .doOnCancel(() -> end.accept(Ending.CANCELLED));
        });
    }

    private CallListener start(RawRequest request, ContextView context) {
        try {
            CallListener heard = listener.onStart(request.template(), request.method(), context);
            return heard == null ? listener : heard;
        } catch (RuntimeException e) {
            log.warn("The call listener failed on start of {} {}: {}", request.method(), request.template(), e.toString());
            return CallListener.none();
        }
    }

    private void ended(CallListener heard, CallEvent event) {
        if (event.outcome() == CallEvent.Outcome.VERIFICATION_FAILURE) {
            log.warn("{} {} -> {} answer failed verification: {} (attempt {}, {} ms, Request-ID {})", event.method(),
                    event.template(), event.status(), event.code().orElse("?"), event.attempt(),
                    event.duration().toMillis(), event.requestId().orElse("none"));
        } else if (log.isDebugEnabled()) {
            log.debug("{} {} -> {} {}{} (attempt {}, {} ms, Request-ID {})", event.method(), event.template(),
                    event.status(), event.outcome(), event.code().map(c -> " " + c).orElse(""), event.attempt(),
                    event.duration().toMillis(), event.requestId().orElse("none"));
        }
        try {
            heard.onCall(event);
        } catch (RuntimeException e) {
            log.warn("The call listener failed on {} {}: {}", event.method(), event.template(), e.toString());
        }
    }

    /** How an attempt ended, before it is timed. */
    private record Ending(int status, CallEvent.Outcome outcome, String code, String requestId) {
        static final Ending CANCELLED = new Ending(0, CallEvent.Outcome.CANCELLED, null, null);

        static Ending of(RawAnswer answer) {
            return new Ending(answer.status(), CallEvent.Outcome.SUCCESS, null, answer.header(Headers.REQUEST_ID));
        }

        static Ending of(Throwable failure) {
            if (failure instanceof WechatPayServiceException s) {
                return new Ending(s.status(), CallEvent.Outcome.SERVICE_ERROR, s.code(), s.requestId());
            }
            if (failure instanceof WechatPayVerificationException v) {
                return new Ending(v.status(), CallEvent.Outcome.VERIFICATION_FAILURE, v.code(), v.requestId());
            }
            String code = failure instanceof WechatPayException w ? w.code() : failure.getClass().getSimpleName();
            return new Ending(0, CallEvent.Outcome.TRANSPORT_FAILURE, code, null);
        }

        CallEvent event(RawRequest request, int attempt, Duration duration) {
            return new CallEvent(request.template(), request.method(), request.path(), status, outcome,
                    Optional.ofNullable(code), attempt, duration, Optional.ofNullable(requestId));
        }
    }
}
