package wechatpay.reactor.cli;

import io.lettuce.core.RedisURI;
import picocli.CommandLine.Option;
import wechatpay.reactor.internal.Excerpt;

/** Where {@code enqueue} and {@code worker} find their stream. */
final class RedisOptions {
    @Option(names = "--redis", required = true, paramLabel = "URI",
            description = "The Redis server, for example redis://127.0.0.1:6379 (redis://:password@host:port/db).")
    String redis;

    @Option(names = "--stream", required = true, paramLabel = "S", description = "The stream of entries.")
    String stream;

    RedisURI uri() {
        try {
            return RedisURI.create(redis);
        } catch (IllegalArgumentException e) {
            // Neither the text nor Lettuce's message is shown: the URI may hold a password.
            throw new UsageException("--redis: expected redis://[:password@]host:port[/db], found something else");
        }
    }

    /** Why a connection failed, from its root cause (Lettuce's own message may name the URI). */
    static String why(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + Excerpt.of(root.getMessage()));
    }

    /** The server as messages show it: host and port, never a password. */
    String shown() {
        RedisURI uri = uri();
        return uri.getHost() + ":" + uri.getPort();
    }
}
