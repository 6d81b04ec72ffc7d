package wechatpay.reactor.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The README's Java snippets are the code of {@link ReadmeExample} and {@link LifecycleExample}, which the build compiles. */
class ReadmeTest {

    @ParameterizedTest(name = "{0} after \"{1}\"")
    @CsvSource(delimiter = ';', value = {"ReadmeExample.java; ## Quick start (library)",
        "LifecycleExample.java; ## Lifecycle quick start"})
    void eachReadmeSnippetIsACompiledExample(String example, String heading) throws IOException {
        String source = Files.readString(Path.of("src/test/java/wechatpay/reactor/readme/" + example),
                StandardCharsets.UTF_8);
        String body = source.substring(source.indexOf("// README:begin") + "// README:begin".length(),
                source.indexOf("// README:end"));
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("\n" + heading + "\n");
        assertThat(section).as("README.md has the section " + heading).isNotNegative();
        int start = readme.indexOf("```java\n", section);
        assertThat(start).as("a ```java block after " + heading).isNotNegative();
        String block = readme.substring(start + "```java\n".length(), readme.indexOf("```", start + 7));
        assertThat(normalize(block)).isEqualTo(normalize(body));
    }

    @Test
    void theReadmeStartsWithTheMainJobAndTheTestCommand() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
        String head = String.join("\n", lines.subList(0, Math.min(8, lines.size())));
        assertThat(head).contains("java -jar target/wechatpay-reactor-cli.jar demo").contains("mvn -B install");
    }

    private static String normalize(String code) {
        return Arrays.stream(code.split("\n")).map(String::strip).filter(l -> !l.isEmpty())
                .collect(Collectors.joining("\n"));
    }
}
