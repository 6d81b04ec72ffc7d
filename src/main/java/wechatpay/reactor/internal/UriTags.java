package wechatpay.reactor.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The {@code uri} tag of Reactor Netty's client meters: the path template of the request in the air on that path
 * ({@code /v3/.../schedule-records/{out_record_id}}), never the path itself, whose ids would make one meter per
 * record. Reactor Netty hands the tag function only the path it wrote, so each call registers its path and
 * template for as long as it runs; a path no running call registered is tagged {@value #UNKNOWN}. Thread-safe.
 */
final class UriTags implements Function<String, String> {
    static final String UNKNOWN = "unknown";

    /** A template and how many calls in the air use it on one path (concurrent calls may share a path). */
    private record Use(String template, int calls) {
    }

    private final Map<String, Use> running = new ConcurrentHashMap<>();

    /** {@code call}, with its path tagged as the request's template while it runs. */
    <T> Mono<T> during(RawRequest request, Mono<T> call) {
        String path = request.path();
        String template = request.template();
        return Mono.defer(() -> {
            running.compute(path, (p, use) -> new Use(template, use == null ? 1 : use.calls() + 1));
            return call.doFinally(signal -> running.computeIfPresent(path,
                    (p, use) -> use.calls() == 1 ? null : new Use(use.template(), use.calls() - 1)));
        });
    }

    /** The template of {@code uri}: a path, a path and query, or an absolute URL. */
    @Override
    public String apply(String uri) {
        Use use = running.get(path(uri));
        return use == null ? UNKNOWN : use.template();
    }

    /** Calls in the air with a registered path (for tests). */
    int size() {
        return running.size();
    }

    private static String path(String uri) {
        String path = uri;
        int scheme = path.indexOf("://");
        if (scheme > 0) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        int end = path.length();
        for (char c : new char[] {'?', '#'}) {
            int at = path.indexOf(c);
            end = at < 0 ? end : Math.min(end, at);
        }
        return path.substring(0, end);
    }
}
