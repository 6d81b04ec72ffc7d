package wechatpay.reactor.integration;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * {@code java ... Cli sandbox --port 0 --state FILE [options]} as a separate process, as an outside app would run
 * it: started, waited for until its state file appears, stopped with SIGTERM.
 */
public final class SandboxProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final Properties state = new Properties();

    public SandboxProcess(Path dir, String... options) throws IOException, InterruptedException {
        Path file = dir.resolve("sandbox-state.properties");
        log = dir.resolve("sandbox.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "wechatpay.reactor.cli.Cli", "sandbox", "--port", "0",
                "--state", file.toString()));
        command.addAll(List.of(options));
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(file) && System.nanoTime() < deadline && process.isAlive()) {
            Thread.sleep(50);
        }
        if (!Files.exists(file)) {
            process.destroyForcibly();
            throw new IllegalStateException("the sandbox process wrote no state file: " + Files.readString(log));
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            state.load(r);
        }
    }

    /** A property of the state file: {@code base_url}, {@code mchid}, {@code apiv3_key}, ... */
    public String state(String key) {
        return state.getProperty(key);
    }

    /** What the process printed so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Stops it with SIGTERM; the exit code (0 or 143). */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the sandbox process did not stop within 20 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
