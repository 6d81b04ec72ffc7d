package wechatpay.reactor.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} of the test's own, on a free loopback port, with no persistence; stopped on close.
 * When no {@code redis-server} can be started the test is skipped with that reason ({@code .ci/run} installs it).
 */
public final class RedisServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final RedisClient client = RedisClient.create();

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static RedisServer start() {
        Path binary = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server").stream().map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        if (binary == null) {
            unavailable("redis-server is not installed (apt-get install -y redis-server; .ci/run does this)");
        }
        int port = freePort();
        try {
            Process p = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--protected-mode", "yes")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            RedisServer server = new RedisServer(p, port);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            unavailable("redis-server could not be started: " + e);
            throw new AssertionError(e);
        }
    }

    public RedisURI uri() {
        return RedisURI.builder().withHost("127.0.0.1").withPort(port).withTimeout(Duration.ofSeconds(10)).build();
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public RedisClient client() {
        return client;
    }

    public StatefulRedisConnection<String, String> connect() {
        return client.connect(uri());
    }

    /** Kills the server (the test of an outage). */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        client.shutdown();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (StatefulRedisConnection<String, String> c = client.connect(uri())) {
                if ("PONG".equals(c.sync().ping())) {
                    return;
                }
            } catch (RuntimeException notYet) {
                sleep();
            }
        }
        process.destroyForcibly();
        unavailable("redis-server did not answer PING on port " + port);
    }

    /** Skips the test, unless WECHATPAY_REDIS_REQUIRED is set (as .ci/run sets it): then it fails. */
    private static void unavailable(String why) {
        if (System.getenv("WECHATPAY_REDIS_REQUIRED") != null) {
            throw new IllegalStateException(why);
        }
        Assumptions.abort(why);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
