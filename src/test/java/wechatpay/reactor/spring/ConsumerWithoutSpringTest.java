package wechatpay.reactor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library without its optional integrations: a JVM whose class path is this test's, less every Spring,
 * Micrometer, Lettuce and commons-logging jar, runs {@link NoSpringConsumer}: a client call against a sandbox, and
 * {@code getDeclaredMethods()} on every public class of the core packages, without a {@link NoClassDefFoundError}.
 */
class ConsumerWithoutSpringTest {
    private static final List<String> OPTIONAL = List.of("/org/springframework/", "/io/micrometer/",
            "/commons-logging/", "/io/lettuce/");

    @Test
    void theCoreRunsAndReflectsWithoutSpringOrMicrometer(@TempDir Path dir) throws Exception {
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        String classPath = Arrays.stream(entries)
                .filter(e -> OPTIONAL.stream().noneMatch(e.replace(File.separatorChar, '/')::contains))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(entries).anyMatch(e -> e.contains("spring-core"));      // the filter has something to remove
        assertThat(classPath).doesNotContain("spring-").doesNotContain("micrometer").doesNotContain("lettuce");

        Path out = dir.resolve("out.txt");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, NoSpringConsumer.class.getName())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean ended = child.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly();
        }
        String output = java.nio.file.Files.readString(out, StandardCharsets.UTF_8);
        assertThat(ended).as(output).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).doesNotContain("NoClassDefFoundError").containsPattern("(?m)^OK [1-9][0-9]+$");
    }
}
