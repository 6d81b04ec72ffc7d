package wechatpay.reactor.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** A Lua script run by its SHA-1 ({@code EVALSHA}), sent whole once when the server does not hold it yet. */
final class Script {
    private final String text;
    private final String sha;

    Script(String text) {
        this.text = text;
        try {
            this.sha = HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }

    /** The script's reply as a flux of its elements (a Lua table → a multi-bulk reply), sent {@link #offLoop}. */
    <T> Flux<T> run(RedisReactiveCommands<String, String> redis, ScriptOutputType type, String[] keys,
            String... args) {
        return offLoop(redis.<T>evalsha(sha, type, keys, args)
                .onErrorResume(RedisNoScriptException.class, e -> redis.<T>eval(text, type, keys, args)));
    }

    /**
     * A command sent from a thread that may wait: Lettuce takes a lock while it writes a command, and a thread that
     * must never block (an event loop, {@code Schedulers.parallel()}) must not wait on it, even briefly.
     */
    static <T> Flux<T> offLoop(Flux<T> command) {
        return command.subscribeOn(Schedulers.boundedElastic());
    }

    static <T> Mono<T> offLoop(Mono<T> command) {
        return command.subscribeOn(Schedulers.boundedElastic());
    }
}
