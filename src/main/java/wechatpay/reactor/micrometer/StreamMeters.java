package wechatpay.reactor.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import wechatpay.reactor.creditrepayment.StreamStats;

/**
 * The counters of a stream ({@link StreamStats}, passed with {@code StreamOptions.withStats}) as meters:
 * {@code wechatpay.stream.items} counters tagged {@code result} = {@code created}, {@code rejected},
 * {@code failed} and {@code reconciled} (of the created, those found by query after an ambiguous failure);
 * {@code wechatpay.stream.throttled} (429 answers); the gauge {@code wechatpay.stream.in_flight}; each with the
 * given tags (name the stream, say {@code stream=nightly}). Meters read the stats when scraped; the stats are
 * held strongly, so bind long-lived streams (or one stats object reused by successive runs).
 *
 * <pre>{@code
 * StreamStats stats = new StreamStats();
 * new StreamMeters(stats, Tags.of("stream", "nightly")).bindTo(meterRegistry);
 * records.schedule(items, StreamOptions.defaults().withStats(stats));
 * }</pre>
 */
public final class StreamMeters implements MeterBinder {
    private final StreamStats stats;
    private final Iterable<Tag> tags;

    public StreamMeters(StreamStats stats, Iterable<Tag> tags) {
        this.stats = Objects.requireNonNull(stats, "stats");
        this.tags = Objects.requireNonNull(tags, "tags");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        items(registry, "created", s -> s.snapshot().created());
        items(registry, "rejected", s -> s.snapshot().rejected());
        items(registry, "failed", s -> s.snapshot().failed());
        items(registry, "reconciled", s -> s.snapshot().reconciled());
        FunctionCounter.builder("wechatpay.stream.throttled", stats, s -> s.snapshot().throttled())
                .description("429 answers to the stream's calls").tags(tags).register(registry);
        Gauge.builder("wechatpay.stream.in_flight", stats, StreamStats::inFlight)
                .description("the stream's calls in the air").tags(tags).register(registry);
    }

    private void items(MeterRegistry registry, String result, ToDoubleFunction<StreamStats> count) {
        FunctionCounter.builder("wechatpay.stream.items", stats, count)
                .description("items of the stream by outcome").tags(Tags.of(tags).and("result", result))
                .register(registry);
    }
}
