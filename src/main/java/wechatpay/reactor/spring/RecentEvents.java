package wechatpay.reactor.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * The event ids this instance has handled or is handling, at most {@code capacity} of them, oldest forgotten first.
 * A delivery of a known id gets the first delivery's outcome instead of a second run: at once if it is done, when it
 * is done if it is still running. A failed run is forgotten, so that WeChat Pay's next delivery runs again.
 */
final class RecentEvents {
    private final int capacity;
    private final Map<String, Mono<Void>> runs;

    RecentEvents(int capacity) {
        this.capacity = capacity;
        this.runs = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Mono<Void>> eldest) {
                return size() > RecentEvents.this.capacity;
            }
        };
    }

    /** Runs {@code work} for the first delivery of {@code id}; later deliveries share its outcome. Lazy. */
    Mono<Void> once(String id, Supplier<Mono<Void>> work, Runnable onRepeat) {
        if (capacity == 0) {
            return Mono.defer(work);
        }
        return Mono.defer(() -> {
            synchronized (runs) {
                Mono<Void> known = runs.get(id);
                if (known != null) {
                    onRepeat.run();
                    return known;
                }
                AtomicReference<Mono<Void>> self = new AtomicReference<>();
                self.set(Mono.defer(work).doOnError(e -> forget(id, self.get())).cache());
                runs.put(id, self.get());
                return self.get();
            }
        });
    }

    private void forget(String id, Mono<Void> run) {
        synchronized (runs) {
            runs.remove(id, run);
        }
    }
}
