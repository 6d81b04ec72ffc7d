package wechatpay.reactor.benchmarks;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link LoadClient} whose one call is a {@code Mono}: the closed loop is {@code flatMap} with the in-flight
 * limit, the open loop one {@code subscribe()} per arrival.
 */
interface ReactiveLoad extends LoadClient {

    /** Call {@code i}: ends in {@code tally} and completes empty, never with an error. */
    Mono<Void> call(String prefix, int i, Tally tally);

    int inFlight();

    @Override
    default void run(String prefix, int from, int to, Tally tally) {
        Flux.range(from, to - from).flatMap(i -> call(prefix, i, tally), inFlight()).blockLast();
    }

    @Override
    default void start(String prefix, int i, Tally tally, Runnable done) {
        call(prefix, i, tally).doFinally(signal -> done.run()).subscribe();
    }
}
