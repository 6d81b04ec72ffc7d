package wechatpay.reactor.cli;

import io.lettuce.core.RedisURI;
import picocli.CommandLine.Option;

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
            throw new UsageException("--redis: expected redis://host:port, found '" + redis + "' (" + e.getMessage() + ")");
        }
    }
}
