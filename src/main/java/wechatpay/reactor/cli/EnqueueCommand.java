package wechatpay.reactor.cli;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import reactor.core.publisher.Mono;
import wechatpay.reactor.creditrepayment.ScheduleItem;

/** {@code enqueue}: a file of repayments into a Redis stream, one entry per usable line, for {@code worker}s. */
@Command(name = "enqueue", mixinStandardHelpOptions = true,
        description = {"Add repayments from a file (CSV with a header row, or JSONL; the fields of 'schedule') to a",
                "Redis stream, one entry per line, its fields the wire fields. Lines that cannot become an item are",
                "reported with their line number and left out. Exit code: 0 all added, 2 any line left out,",
                "1 usage error."})
final class EnqueueCommand implements Callable<Integer> {
    @Mixin
    RedisOptions redis;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "CSV or JSONL file of repayments.")
    Path input;

    @Override
    public Integer call() throws IOException {
        if (!Files.isReadable(input)) {
            throw new UsageException("--input " + input + ": no such readable file");
        }
        InputReader.Format format = InputReader.Format.of(input);
        RedisClient client = RedisClient.create();
        AtomicLong added = new AtomicLong();
        AtomicLong bad = new AtomicLong();
        try (StatefulRedisConnection<String, String> connection = client.connect(redis.uri())) {
            InputReader.read(input, format, InputFields.SCHEDULE)
                    .flatMapSequential(parsed -> {
                        if (parsed.error() != null) {
                            bad.incrementAndGet();
                            System.err.println("line " + parsed.line() + ": " + parsed.error());
                            return Mono.empty();
                        }
                        ScheduleItem item = parsed.item();
                        return connection.reactive().xadd(redis.stream, InputFields.values(item))
                                .doOnNext(id -> added.incrementAndGet());
                    }, 64)
                    .blockLast();
        } catch (RedisConnectionException e) {
            throw new UsageException("--redis " + redis.shown() + ": cannot connect ("
                    + RedisOptions.why(e) + ")");
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } finally {
            client.shutdown();
        }
        System.err.println("enqueued " + added.get() + " entries to " + redis.stream
                + (bad.get() == 0 ? "" : "; " + bad.get() + " lines left out"));
        return bad.get() == 0 ? 0 : 2;
    }
}
