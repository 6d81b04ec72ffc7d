package wechatpay.reactor.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import wechatpay.reactor.creditrepayment.StreamStats;

/**
 * One {@link StreamStats} per stream name, its counters bound to a {@link MeterRegistry} as {@link StreamMeters}
 * tagged {@code stream=<name>} the first time the name is asked for; later runs under the same name count on in the
 * same meters (runs of one name at once share them). Name streams by job ({@code nightly}, {@code retry-queue}),
 * never by run or record: each name is a set of meters for the life of the registry, and more than
 * {@value #MAX_NAMES} names are refused. Thread-safe; Spring Boot applications with Micrometer get one as the bean
 * {@code wechatPayStreams}.
 *
 * <pre>{@code
 * MeteredStreams streams = new MeteredStreams(meterRegistry);
 * records.schedule(items, StreamOptions.defaults().withStats(streams.stats("nightly")));
 * }</pre>
 */
public final class MeteredStreams {
    /** The most stream names one instance meters. */
    public static final int MAX_NAMES = 100;

    private final MeterRegistry registry;
    private final Map<String, StreamStats> streams = new ConcurrentHashMap<>();

    public MeteredStreams(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The stats of the stream {@code name}, created and bound on first use. */
    public StreamStats stats(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("stream name: expected a name such as \"nightly\", found "
                    + (name == null ? "null" : "a blank"));
        }
        StreamStats known = streams.get(name);
        if (known != null) {
            return known;
        }
        synchronized (streams) {
            if (!streams.containsKey(name) && streams.size() >= MAX_NAMES) {
                throw new IllegalStateException("stream name '" + name + "': at most " + MAX_NAMES
                        + " names are metered; name streams by job, not by run or record");
            }
            return streams.computeIfAbsent(name, n -> {
                StreamStats stats = new StreamStats();
                new StreamMeters(stats, Tags.of("stream", n)).bindTo(registry);
                return stats;
            });
        }
    }

    @Override
    public String toString() {
        return "MeteredStreams" + streams.keySet();
    }
}
