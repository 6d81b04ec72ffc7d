package wechatpay.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/** Permits without threads: never more than max at once, handed on in order, never lost to a cancel. */
class InFlightLimitTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void neverMoreThanMaxAtOnceUnderConcurrentLoad() {
        InFlightLimit limit = new InFlightLimit(7);
        AtomicInteger now = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        Long done = Flux.range(0, 2_000)
                .flatMap(i -> limit.around(Mono.fromCallable(() -> peak.accumulateAndGet(now.incrementAndGet(), Math::max))
                        .delayElement(Duration.ofNanos(i % 5 * 10_000), Schedulers.parallel())
                        .doOnTerminate(now::decrementAndGet)), 64)
                .count().block(TIMEOUT);
        assertThat(done).isEqualTo(2_000);
        assertThat(peak.get()).isBetween(1, 7);
        awaitIdle(limit);
    }

    @Test
    void cancellingWhileWaitingOrHoldingGivesEveryPermitBack() {
        InFlightLimit limit = new InFlightLimit(2);
        Sinks.Empty<Void> gate = Sinks.empty();
        for (int round = 0; round < 1_000; round++) {
            Flux.range(0, 10)
                    .flatMap(i -> limit.around(gate.asMono()).subscribeOn(Schedulers.parallel()), 10)
                    .subscribe()
                    .dispose();
        }
        Mono<Integer> after = limit.around(Mono.just(1));
        assertThat(after.block(TIMEOUT)).isEqualTo(1);
        Flux.range(0, 10).flatMap(i -> limit.around(Mono.just(i))).blockLast(TIMEOUT);
        awaitIdle(limit);
    }

    /** A permit goes back just after the call's end has reached the subscriber, so give it a moment. */
    private static void awaitIdle(InFlightLimit limit) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (limit.inFlight() != 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(limit.inFlight()).isZero();
    }
}
