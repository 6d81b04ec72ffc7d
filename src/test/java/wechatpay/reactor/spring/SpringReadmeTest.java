package wechatpay.reactor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's "Spring Boot" snippets are the code of {@link SpringReadmeExample}, which the build compiles. */
class SpringReadmeTest {
    private static final String HEADING = "\n## Spring Boot\n";

    /** Each {@code README:begin} region of the example, in order, is the section's next {@code ```java} block. */
    @Test
    void theSpringBootSnippetsAreCompiledExamples() throws IOException {
        String source = Files.readString(Path.of("src/test/java/wechatpay/reactor/spring/SpringReadmeExample.java"),
                StandardCharsets.UTF_8);
        List<String> examples = new ArrayList<>();
        for (int at = source.indexOf("// README:begin"); at >= 0; at = source.indexOf("// README:begin", at + 1)) {
            examples.add(normalize(source.substring(at + "// README:begin".length(),
                    source.indexOf("// README:end", at))));
        }
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf(HEADING);
        assertThat(section).as("README.md has a Spring Boot section").isNotNegative();
        String text = readme.substring(section, readme.indexOf("\n## ", section + 1));
        List<String> blocks = new ArrayList<>();
        for (int start = text.indexOf("```java\n"); start >= 0; start = text.indexOf("```java\n", start + 1)) {
            blocks.add(normalize(text.substring(start + "```java\n".length(), text.indexOf("```", start + 7))));
        }
        assertThat(examples).hasSize(2);
        assertThat(blocks).isEqualTo(examples);
    }

    @Test
    void theSectionListsEveryProperty() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf(HEADING), readme.indexOf("\n## ", readme.indexOf(HEADING) + 1));
        String metadata = Files.readString(Path.of("target/classes/META-INF/spring-configuration-metadata.json"),
                StandardCharsets.UTF_8);
        java.util.regex.Matcher names = java.util.regex.Pattern.compile("\"name\": ?\"(wechatpay\\.[a-z0-9.-]+)\"")
                .matcher(metadata);
        int n = 0;
        while (names.find()) {
            String name = names.group(1);
            if (!Set.of("wechatpay.retry", "wechatpay.callback", "wechatpay.health", "wechatpay.metrics").contains(name)) {
                assertThat(section).as("the README's Spring Boot section").contains("`" + name.substring(10) + "`");
                n++;
            }
        }
        assertThat(n).isGreaterThan(15);
    }

    private static String normalize(String code) {
        return Arrays.stream(code.split("\n")).map(String::strip).filter(l -> !l.isEmpty())
                .collect(Collectors.joining("\n"));
    }
}
