package wechatpay.reactor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's "Spring Boot" snippet is the code of {@link SpringReadmeExample}, which the build compiles. */
class SpringReadmeTest {
    private static final String HEADING = "\n## Spring Boot\n";

    @Test
    void theSpringBootSnippetIsACompiledExample() throws IOException {
        String source = Files.readString(Path.of("src/test/java/wechatpay/reactor/spring/SpringReadmeExample.java"),
                StandardCharsets.UTF_8);
        String body = source.substring(source.indexOf("// README:begin") + "// README:begin".length(),
                source.indexOf("// README:end"));
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf(HEADING);
        assertThat(section).as("README.md has a Spring Boot section").isNotNegative();
        int start = readme.indexOf("```java\n", section);
        String block = readme.substring(start + "```java\n".length(), readme.indexOf("```", start + 7));
        assertThat(normalize(block)).isEqualTo(normalize(body));
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
            if (!name.equals("wechatpay.retry") && !name.equals("wechatpay.callback") && !name.equals("wechatpay.health")) {
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
