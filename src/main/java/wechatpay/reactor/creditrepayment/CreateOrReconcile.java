package wechatpay.reactor.creditrepayment;

import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.ApiResponse;
import wechatpay.reactor.RetryPolicy;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.WechatPayException;
import wechatpay.reactor.WechatPayServiceException;
import wechatpay.reactor.internal.ClientAccess;

/**
 * The one way to create something WeChat Pay keeps under the merchant's own key (a schedule record by
 * {@code out_record_id}, a deduct order by {@code out_trade_no}), used by single calls and streams alike:
 * <pre>
 * check → create → verified answer with the record?  → done (or CONFLICT if it holds other content)
 *                → not acted on (429, 202, no connection) → wait → create again
 *                → may have acted (5xx, an answer that fails verification or cannot be read, timeout, reset)
 *                                                      → wait → query → found? done : create again
 *                → a refusal (4xx)                      → query → found? done : refused
 *                → about the merchant (401, NO_AUTH)    → failed; enough in a row stop the scope
 * query          → verified record? done : 404? (refused or create again) : wait → query again
 * </pre>
 * Only a verified answer decides: a forged or probe answer never makes an item created, nor refused. Nothing
 * is created again after a verified answer showed it exists. The item is checked again before every create
 * (a date window may close between attempts). Calls go through the pipeline without its retry filter, one at
 * a time per item; every call waits for the client's limits there. Never errors: every item gets one result.
 */
final class CreateOrReconcile<I, R> {
    private static final String INTERNAL = OutcomeCodes.INTERNAL;
    private static final String STOPPED = OutcomeCodes.STOPPED;
    /** Taken per instance (per client), so that a logger factory set before the client applies. */
    private final Logger log = Loggers.getLogger("wechatpay.reactor.calls");

    /** What one creating endpoint brings: its two calls, how to read their answers, and its rules. */
    interface Endpoint<I, R> {
        /** The item's business key for messages, such as {@code out_record_id R1}. */
        String key(I item);

        /** Throws {@link ValidationException} when the item may not be sent now. */
        void check(I item);

        /** One create attempt, without the retry filter. */
        Mono<ApiResponse<JsonNode>> create(I item);

        /** The item's record in a create answer; throws when the answer holds none it can read. */
        R created(I item, JsonNode answer);

        /** One query attempt, without the retry filter; 404 = not there. */
        Mono<ApiResponse<JsonNode>> query(I item);

        /** The record in a query answer; throws when it cannot be read. */
        R found(I item, JsonNode answer);

        /** Whether the record WeChat Pay holds is the one the item asks for. */
        boolean matches(I item, R record);
    }

    /** What became of one item: calls made for it and the Request-IDs of the answers, oldest first. */
    sealed interface Result<R> permits Created, Refused, GaveUp {
        int calls();

        List<String> requestIds();
    }

    /** WeChat Pay holds the record; {@code reconciled} when a query found it after an ambiguous failure. */
    record Created<R>(R record, boolean reconciled, int calls, List<String> requestIds) implements Result<R> {
    }

    /** Refused for good, nothing created: {@code why} is a {@link ValidationException} or a 4xx answer. */
    record Refused<R>(RuntimeException why, int calls, List<String> requestIds) implements Result<R> {
        /** {@code VALIDATION_ERROR} for an item refused before sending, else WeChat Pay's error code. */
        String code() {
            return why instanceof WechatPayServiceException s ? s.code() : OutcomeCodes.VALIDATION_ERROR;
        }

        String message() {
            return why instanceof WechatPayServiceException s ? s.serverMessage() : why.getMessage();
        }

        /** The field at fault when known (wire name or WeChat Pay's JSON Pointer), else null. */
        String field() {
            return why instanceof WechatPayServiceException s ? s.field() : ((ValidationException) why).field();
        }

        /** The HTTP status of WeChat Pay's refusal, 0 when nothing was sent. */
        int status() {
            return why instanceof WechatPayServiceException s ? s.status() : 0;
        }
    }

    /** Gave up: the record may or may not exist unless {@code code} says otherwise. */
    record GaveUp<R>(String code, String message, Throwable cause, int calls, List<String> requestIds)
            implements Result<R> {
    }

    private final Endpoint<I, R> endpoint;
    private final RetryPolicy retry;

    CreateOrReconcile(Endpoint<I, R> endpoint, RetryPolicy retry) {
        this.endpoint = endpoint;
        this.retry = retry;
    }

    /** The same operator with another retry policy (null or equal: this one). */
    CreateOrReconcile<I, R> withRetry(RetryPolicy policy) {
        return policy == null || policy.equals(retry) ? this : new CreateOrReconcile<>(endpoint, policy);
    }

    /**
     * One create on its own, as a single call sees it: the record, or as the error the refusal
     * ({@link ValidationException}, WeChat Pay's 4xx), the {@code CONFLICT}, or the last failure.
     */
    Mono<R> single(I item, String itemName) {
        return Mono.defer(() -> {
            if (item == null) {
                throw new ValidationException(itemName, "required");
            }
            return run(item, CallScope.single());
        }).flatMap(result -> {
            if (result instanceof Created<R> created) {
                return Mono.just(created.record());
            }
            if (result instanceof Refused<R> refused) {
                return Mono.error(refused.why());
            }
            GaveUp<R> gaveUp = (GaveUp<R>) result;
            return Mono.error(gaveUp.cause() != null ? gaveUp.cause() : new IllegalStateException(gaveUp.message()));
        });
    }

    Mono<Result<R>> run(I item, CallScope scope) {
        return Mono.defer(() -> {
            Attempts attempts = new Attempts(item, scope);
            return attempts.create().onErrorResume(e -> Mono.just(attempts.gaveUp(INTERNAL, e)));
        });
    }

    /** The calls of one item; they never overlap, so plain fields are enough. */
    private final class Attempts {
        private final I item;
        private final CallScope scope;
        private final List<String> requestIds = new ArrayList<>(2);
        private int creates;
        private int calls;
        private Throwable last;

        Attempts(I item, CallScope scope) {
            this.item = item;
            this.scope = scope;
        }

        Mono<Result<R>> create() {
            try {
                endpoint.check(item);
            } catch (ValidationException e) {
                // After an attempt that WeChat Pay may have acted on (a 202 can be one), only a query can tell.
                return creates == 0 ? Mono.just(new Refused<>(e, calls, List.copyOf(requestIds))) : reconcile(e, 1);
            }
            if (scope.stoppedBy() != null) {
                return Mono.just(stopped());
            }
            if (++creates > 1) {
                scope.stats().retry();
            }
            return call(endpoint.create(item))
                    .map(answer -> accept(answer, answer.decode(body -> endpoint.created(item, body)), false))
                    .onErrorResume(this::afterCreate);
        }

        private Mono<Result<R>> afterCreate(Throwable e) {
            last = e;
            if (!(e instanceof WechatPayException failure)) {
                return Mono.just(gaveUp(INTERNAL, e));
            }
            if (failure instanceof WechatPayServiceException s && heard(s)) {
                return Mono.just(gaveUp(s.code(), s));
            }
            if (failure.mayHaveActed()) {
                return later(() -> reconcile(null, 1));
            }
            if (failure.isRetryable()) {
                return creates < retry.maxAttempts() ? later(this::create) : Mono.just(gaveUp(failure.code(), failure));
            }
            if (failure instanceof WechatPayServiceException refusal) {
                return reconcile(refusal, 1);
            }
            return Mono.just(gaveUp(failure.code(), failure));
        }

        /**
         * Asks whether the record exists; {@code refusal} (a 4xx, or the item no longer valid) is what stands if it
         * does not, null after an ambiguous failure.
         */
        private Mono<Result<R>> reconcile(RuntimeException refusal, int attempt) {
            if (scope.stoppedBy() != null) {
                return Mono.just(stopped());
            }
            return call(endpoint.query(item))
                    .map(answer -> accept(answer, answer.decode(body -> endpoint.found(item, body)), true))
                    .onErrorResume(e -> afterQuery(e, refusal, attempt));
        }

        private Mono<Result<R>> afterQuery(Throwable e, RuntimeException refusal, int attempt) {
            WechatPayServiceException s = e instanceof WechatPayServiceException x ? x : null;
            // A merchant-level answer to a query is counted but retried: the record may exist, and a query
            // sends nothing that could be created twice; a stopped scope ends the retries.
            boolean merchant = s != null && heard(s);
            if (s != null && s.status() == 404) {
                if (refusal != null) {
                    return Mono.just(new Refused<>(refusal, calls, List.copyOf(requestIds)));
                }
                return creates < retry.maxAttempts() ? create() : Mono.just(gaveUp(code(last), last));
            }
            boolean worthAgain = e instanceof WechatPayException && (s == null || merchant || s.status() >= 500
                    || s.status() < 400 || s.isThrottling());
            if (worthAgain && attempt < retry.maxAttempts()) {
                return Mono.delay(ClientAccess.get().backoff(retry, attempt - 1, e))
                        .then(Mono.defer(() -> reconcile(refusal, attempt + 1)));
            }
            String why = refusal != null ? "refused (" + text(refusal) + "), and could not learn whether "
                    : "could not learn whether ";
            return Mono.just(new GaveUp<>(code(e), why + endpoint.key(item) + " exists: " + text(e), e, calls,
                    List.copyOf(requestIds)));
        }

        /** Counts an answer from WeChat Pay toward the scope; true when it is about the merchant, not the item. */
        private boolean heard(WechatPayServiceException s) {
            if (s.isAboutMerchant()) {
                scope.merchantFailure(s);
                return true;
            }
            scope.answered();
            if (s.isThrottling()) {
                scope.stats().throttle();
            }
            return false;
        }

        private Mono<ApiResponse<JsonNode>> call(Mono<ApiResponse<JsonNode>> call) {
            return scope.permit()
                    .then(Mono.defer(() -> {
                        calls++;
                        scope.stats().call();
                        return call.doFinally(signal -> scope.stats().callEnded());
                    }))
                    .doOnNext(answer -> {
                        note(answer.requestId());
                        scope.answered();
                    })
                    .doOnError(e -> {
                        if (e instanceof WechatPayException w) {
                            note(w.requestId());
                        }
                    });
        }

        private Mono<Result<R>> later(Supplier<Mono<Result<R>>> next) {
            Duration wait = ClientAccess.get().backoff(retry, creates - 1, last);
            log.warn("{}: attempt {} ended {}, asking again in {} ms", endpoint.key(item), creates, code(last),
                    wait.toMillis());
            return Mono.delay(wait).then(Mono.defer(next));
        }

        private Result<R> accept(ApiResponse<JsonNode> answer, R record, boolean reconciled) {
            if (endpoint.matches(item, record)) {
                return new Created<>(record, reconciled, calls, List.copyOf(requestIds));
            }
            String why = endpoint.key(item) + " already holds a record with other content";
            return new GaveUp<>(WechatPayServiceException.CONFLICT, why, ClientAccess.get().conflict(answer, why), calls,
                    List.copyOf(requestIds));
        }

        private Result<R> stopped() {
            WechatPayServiceException cause = scope.stoppedBy();
            return new GaveUp<>(STOPPED, "not sent: the calls stopped after " + scope.stopAfter()
                    + " answers in a row about the merchant, not the item (last: " + text(cause)
                    + "); fix the merchant's key, serial or permissions and send again", cause, calls,
                    List.copyOf(requestIds));
        }

        GaveUp<R> gaveUp(String code, Throwable e) {
            String why = text(e);
            return new GaveUp<>(code, creates > 1 ? "gave up after " + creates + " attempts: " + why : why, e, calls,
                    List.copyOf(requestIds));
        }

        private void note(String requestId) {
            if (requestId != null) {
                requestIds.add(requestId);
            }
        }
    }

    private static String code(Throwable e) {
        return e instanceof WechatPayException w ? w.code() : INTERNAL;
    }

    private static String text(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
