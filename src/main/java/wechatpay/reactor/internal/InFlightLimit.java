package wechatpay.reactor.internal;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * At most {@code max} calls at once, waited for without a thread: {@link #around} holds a permit from
 * subscription to the end of the call (answer, error or cancel) and hands it to the next waiter in order. A
 * permit is never lost to a caller that cancels while it is being granted. Thread-safe; one per client.
 */
public final class InFlightLimit {
    private static final int WAITING = 0;
    private static final int HOLDING = 1;
    private static final int DONE = 2;

    private final int max;
    private final ArrayDeque<Ticket> waiting = new ArrayDeque<>();
    private int used;

    public InFlightLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max: expected >= 1, found " + max);
        }
        this.max = max;
    }

    /** {@code call}, started once a permit is free and holding it until it ends. */
    public <T> Mono<T> around(Mono<T> call) {
        return Mono.defer(() -> {
            Ticket ticket = new Ticket();
            return Mono.<Void>create(ticket::take).then(call).doFinally(signal -> ticket.end());
        });
    }

    public synchronized int inFlight() {
        return used;
    }

    public int max() {
        return max;
    }

    private void release() {
        Ticket next;
        synchronized (this) {
            do {
                next = waiting.poll();
            } while (next != null && !next.state.compareAndSet(WAITING, HOLDING));
            if (next == null) {
                used--;
            }
        }
        if (next != null) {
            next.sink.success();
        }
    }

    private final class Ticket {
        final AtomicInteger state = new AtomicInteger(WAITING);
        volatile MonoSink<Void> sink;

        void take(MonoSink<Void> s) {
            sink = s;
            boolean now;
            synchronized (InFlightLimit.this) {
                now = used < max && state.compareAndSet(WAITING, HOLDING);
                if (now) {
                    used++;
                } else if (state.get() == WAITING) {
                    waiting.add(this);
                }
            }
            if (now) {
                s.success();
            }
        }

        /**
         * Once, at the end: a held permit goes back; a wait is abandoned. It loops because a grant may turn WAITING
         * into HOLDING between two checks: read once, that permit would be lost.
         */
        void end() {
            while (true) {
                int now = state.get();
                if (now == HOLDING && state.compareAndSet(HOLDING, DONE)) {
                    release();
                    return;
                }
                if (now == WAITING && state.compareAndSet(WAITING, DONE)) {
                    synchronized (InFlightLimit.this) {
                        waiting.remove(this);
                    }
                    return;
                }
                if (now == DONE) {
                    return;
                }
            }
        }
    }
}
