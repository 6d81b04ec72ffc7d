package wechatpay.reactor.spring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ResourceUtils;

/**
 * Reads the files that {@code wechatpay.*-location} properties name, and turns what goes wrong into an error that
 * names the property. A location with a prefix ({@code classpath:}, {@code file:}, a URL) goes through the
 * application's resource loader; a bare path is a file, never a class-path entry.
 */
final class PropertyFiles {
    /** Key files are a few KiB; anything much larger is not one. */
    private static final int MAX_BYTES = 1 << 20;

    private final ResourceLoader loader;

    PropertyFiles(ResourceLoader loader) {
        this.loader = loader;
    }

    /** The text of the file at the location held by {@code property}, parsed by {@code parse}. */
    <T> T read(String property, String location, Function<String, T> parse) {
        if (!WechatPayProperties.hasText(location)) {
            throw invalid(property, location, "required");
        }
        String text = text(property, location.strip());
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw invalid(property, location, e.getMessage());
        }
    }

    /** The value of a property given inline, parsed; the value is never repeated in the error (it may be a secret). */
    static <T> T parseSecret(String property, String value, Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw invalid(property, "[redacted]", e.getMessage());
        }
    }

    static InvalidConfigurationPropertyValueException invalid(String property, Object value, String reason) {
        return new InvalidConfigurationPropertyValueException(WechatPayProperties.PREFIX + "." + property, value,
                reason);
    }

    private String text(String property, String location) {
        Resource resource = resource(location);
        if (!resource.exists()) {
            throw invalid(property, location, "no such file: " + resource.getDescription());
        }
        try (InputStream in = resource.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw invalid(property, location, "larger than " + MAX_BYTES + " bytes: not a key file");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw invalid(property, location, "cannot read " + resource.getDescription() + ": " + e);
        }
    }

    private Resource resource(String location) {
        boolean prefixed = location.startsWith(ResourceLoader.CLASSPATH_URL_PREFIX) || ResourceUtils.isUrl(location);
        return prefixed ? loader.getResource(location) : new FileSystemResource(location);
    }
}
