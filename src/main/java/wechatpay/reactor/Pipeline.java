package wechatpay.reactor;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.Nonces;
import wechatpay.reactor.internal.RawRequest;
import wechatpay.reactor.internal.RawAnswer;
import wechatpay.reactor.internal.RequestAuthorizer;
import wechatpay.reactor.internal.AnswerVerifier;
import wechatpay.reactor.internal.Transport;
import wechatpay.reactor.internal.Verdict;

/**
 * Every call goes through the same filters, in this order, assembled once:
 * <pre>
 * caller → validate → retry → observe → errorMapping → verify → limit → sign → transport
 * </pre>
 * Validation runs on subscription and sends nothing when it fails. Retry is outermost, so every attempt is
 * signed anew (new timestamp, new nonce); the create-or-reconcile operator uses the same chain without it.
 * Observe sees each attempt as its caller will (the mapped error), tells the {@link CallListener} and logs it.
 * The limit waits for the client's in-flight permit and rate slot before signing, so a signature is never
 * stale when it leaves, and tells the rate about 429s. Signing and verifying run on
 * {@code Schedulers.parallel()}, never on a Netty event loop. Every request names the WeChat Pay key the
 * client trusts first in {@code Wechatpay-Serial} unless the caller named one.
 */
final class Pipeline {

    /** One step around the next; {@code next} sends what the step hands it and answers. */
    @FunctionalInterface
    interface Filter {
        Mono<RawAnswer> filter(RawRequest request, Function<RawRequest, Mono<RawAnswer>> next);
    }

    private final RetryPolicy retry;
    private final ErrorMapper errors;
    private final AnswerVerifier verifier;
    private final RequestAuthorizer authorizer;
    private final Clock clock;
    private final KeyRing keys;
    private final Limits limits;
    private final CallObserver observer;
    private final Function<RawRequest, Mono<RawAnswer>> chain;
    private final Function<RawRequest, Mono<RawAnswer>> once;
    private final Function<RawRequest, Mono<RawAnswer>> unverified;

    Pipeline(RetryPolicy retry, ErrorMapper errors, AnswerVerifier verifier, RequestAuthorizer authorizer,
            Clock clock, KeyRing keys, Limits limits, CallObserver observer, Transport transport) {
        this.retry = retry;
        this.errors = errors;
        this.verifier = verifier;
        this.authorizer = authorizer;
        this.clock = clock;
        this.keys = keys;
        this.limits = limits;
        this.observer = observer;
        this.once = assemble(List.of(this::observe, this::mapErrors, this::verify, this::limit, this::sign),
                transport::exchange);
        this.chain = assemble(List.of(this::retry), once);
        this.unverified = assemble(List.of(this::retry, this::observe, this::mapErrors, this::limit, this::sign),
                transport::exchange);
    }

    /** The pipeline of a client with these settings, trusting {@code keys}, sending through {@code transport}. */
    static Pipeline create(ClientSettings s, ErrorMapper errors, KeyRing keys, Limits limits, Transport transport) {
        return new Pipeline(s.retryPolicy(), errors,
                new AnswerVerifier(keys::current, s.verificationWindow(), s.verificationProvider()),
                new RequestAuthorizer(s.mchid(), s.signer(), s.clock(), Nonces::random), s.clock(), keys, limits,
                new CallObserver(s.callListener()), transport);
    }

    static Function<RawRequest, Mono<RawAnswer>> assemble(List<Filter> filters,
            Function<RawRequest, Mono<RawAnswer>> transport) {
        Function<RawRequest, Mono<RawAnswer>> next = transport;
        for (int i = filters.size() - 1; i >= 0; i--) {
            Filter filter = filters.get(i);
            Function<RawRequest, Mono<RawAnswer>> inner = next;
            next = request -> filter.filter(request, inner);
        }
        return next;
    }

    /**
     * validate: builds the request on subscription; a {@link ValidationException} ends the call unsent.
     * {@code retried} false leaves out the retry filter: one attempt per subscription.
     */
    Mono<RawAnswer> execute(Supplier<RawRequest> request, boolean retried) {
        return Mono.defer(() -> {
            RawRequest r = request.get();
            VerificationKeys trusted = keys.current();
            if (!trusted.isEmpty()) {
                r = r.withHeaderIfAbsent(Headers.WECHATPAY_SERIAL, trusted.preferredSerial(clock.instant()));
            }
            return (retried ? chain : once).apply(r);
        });
    }

    /**
     * The platform-certificate download only: the same filters without verify, whose answer the key ring checks
     * itself (it may be signed by a certificate the answer carries); the result is on {@code Schedulers.parallel()}.
     */
    Mono<RawAnswer> executeUnverified(RawRequest request) {
        return Mono.defer(() -> unverified.apply(request)).publishOn(Schedulers.parallel());
    }

    /** Each attempt tells observe its number through the Reactor context; a retry is logged at WARN. */
    private Mono<RawAnswer> retry(RawRequest request, Function<RawRequest, Mono<RawAnswer>> next) {
        return Mono.defer(() -> {
            AtomicInteger attempts = new AtomicInteger();
            return Mono.defer(() -> next.apply(request)
                            .contextWrite(Context.of(CallObserver.ATTEMPT, attempts.incrementAndGet())))
                    .retryWhen(retry.toRetry((failure, delay) ->
                            observer.retrying(request, attempts.get(), failure, delay)));
        });
    }

    private Mono<RawAnswer> observe(RawRequest request, Function<RawRequest, Mono<RawAnswer>> next) {
        return observer.filter(request, next);
    }

    /** Non-2xx answers and 202 become service errors; failures to get an answer become transport errors. */
    private Mono<RawAnswer> mapErrors(RawRequest request, Function<RawRequest, Mono<RawAnswer>> next) {
        return next.apply(request)
                .onErrorMap(e -> !(e instanceof WechatPayException), e -> errors.transport(request, e))
                .flatMap(answer -> answer.isSuccess() && answer.status() != 202 ? Mono.just(answer)
                        : Mono.error(errors.service(request, answer)));
    }

    /**
     * Every 2xx must carry a valid signature over its raw bytes; anything else is forged. A serial the key ring
     * does not hold may make it download the platform certificates once, then the answer is verified again.
     */
    private Mono<RawAnswer> verify(RawRequest request, Function<RawRequest, Mono<RawAnswer>> next) {
        return next.apply(request)
                .publishOn(Schedulers.parallel())
                .flatMap(answer -> {
                    if (!answer.isSuccess()) {
                        return Mono.just(answer);
                    }
                    Verdict verdict = verifier.verify(answer::header, answer.body(), clock.instant());
                    if (verdict.isValid()) {
                        keys.refreshIfDue();
                        return Mono.just(answer);
                    }
                    if (verdict.kind() != Verdict.Kind.UNKNOWN_SERIAL) {
                        return Mono.error(errors.verification(request, answer, verdict));
                    }
                    return keys.forUnknown(answer.header(Headers.WECHATPAY_SERIAL))
                            .onErrorResume(e -> Mono.empty())
                            .map(refreshed -> verifier.verify(answer::header, answer.body(), clock.instant()))
                            .defaultIfEmpty(verdict)
                            .flatMap(again -> again.isValid() ? Mono.just(answer)
                                    : Mono.error(errors.verification(request, answer, again)));
                });
    }

    /** The client's in-flight permit, then its rate slot; a 429 tells the rate to slow down. */
    private Mono<RawAnswer> limit(RawRequest request, Function<RawRequest, Mono<RawAnswer>> next) {
        Mono<RawAnswer> call = Mono.defer(() -> next.apply(request));
        if (limits.rate != null) {
            RateLimiter rate = limits.rate;
            call = rate.acquire().onErrorMap(e -> errors.rateLimiter(request, e)).then(call).doOnNext(answer -> {
                if (answer.status() == 429) {
                    rate.throttled();
                }
            });
        }
        return limits.inFlight.around(call);
    }

    private Mono<RawAnswer> sign(RawRequest request, Function<RawRequest, Mono<RawAnswer>> next) {
        return authorizer.sign(request.method(), request.pathAndQuery(), request.body())
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("the signer completed without a signature")))
                .onErrorMap(e -> !(e instanceof WechatPayException), e -> errors.signing(request, e))
                .flatMap(signed -> next.apply(request.withHeader(Headers.AUTHORIZATION, signed.header()))
                        .map(answer -> answer.withSignedMessage(signed.message())));
    }
}
