package wechatpay.reactor.spring;

import static wechatpay.reactor.spring.PropertyFiles.invalid;
import static wechatpay.reactor.spring.WechatPayProperties.hasText;

import java.util.Map;
import org.springframework.core.io.ResourceLoader;
import wechatpay.reactor.ApiV3Key;
import wechatpay.reactor.CallListener;
import wechatpay.reactor.CertificateInfo;
import wechatpay.reactor.PrivateKeys;
import wechatpay.reactor.PublicKeys;
import wechatpay.reactor.RetryPolicy;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.WechatPayClient;

/**
 * Builds the {@link WechatPayClient} and the {@link ApiV3Key} of {@link WechatPayProperties}. The client's builder
 * keeps every rule; this class only translates the builder's field names into property names, so an error says
 * {@code wechatpay.max-in-flight}, not {@code maxInFlight}.
 */
final class PropertiesClient {
    /** The builder's field names and the properties that set them. */
    private static final Map<String, String> PROPERTY_OF = Map.of(
            "mchid", "mchid",
            "merchantSerial", "merchant-serial",
            "verificationKeys", "public-key-location",
            "baseUrl", "base-url",
            "maxInFlight", "max-in-flight",
            "requestsPerSecond", "requests-per-second",
            "connectTimeout", "connect-timeout",
            "responseTimeout", "response-timeout",
            "transportMetrics", "metrics.transport");

    private final WechatPayProperties properties;
    private final PropertyFiles files;

    PropertiesClient(WechatPayProperties properties, ResourceLoader loader) {
        this.properties = properties;
        this.files = new PropertyFiles(loader);
    }

    WechatPayClient build() {
        return build(null);
    }

    /** The client, telling {@code listener} (when not null) of every call. */
    WechatPayClient build(CallListener listener) {
        WechatPayProperties p = properties;
        if (!hasText(p.merchantSerial())) {
            throw invalid("merchant-serial", p.merchantSerial(), "required: the serial of the merchant API certificate");
        }
        WechatPayClient.Builder b = WechatPayClient.builder()
                .merchant(p.mchid().strip(), p.merchantSerial().strip(),
                        files.read("private-key-location", p.privateKeyLocation(), PrivateKeys::fromPem));
        trust(b);
        if (p.baseUrl() != null) {
            b.baseUrl(p.baseUrl().strip());
        }
        if (p.maxInFlight() != null) {
            b.maxInFlight(p.maxInFlight());
        }
        if (p.requestsPerSecond() != null) {
            b.requestsPerSecond(p.requestsPerSecond());
        }
        if (p.connectTimeout() != null) {
            b.connectTimeout(p.connectTimeout());
        }
        if (p.responseTimeout() != null) {
            b.responseTimeout(p.responseTimeout());
        }
        b.retryPolicy(retryPolicy(p.retry())).callListener(listener).transportMetrics(p.metrics().transport());
        try {
            return b.build();
        } catch (ValidationException e) {
            throw invalid(PROPERTY_OF.getOrDefault(e.field(), e.field()), valueOf(e.field()), e.rule());
        }
    }

    /** The merchant's APIv3 key, inline or from its file. */
    ApiV3Key apiV3Key() {
        WechatPayProperties p = properties;
        if (hasText(p.apiV3Key()) && hasText(p.apiV3KeyLocation())) {
            throw invalid("api-v3-key", "[redacted]", "set either wechatpay.api-v3-key or wechatpay.api-v3-key-location,"
                    + " not both");
        }
        if (hasText(p.apiV3Key())) {
            return PropertyFiles.parseSecret("api-v3-key", p.apiV3Key().strip(), ApiV3Key::of);
        }
        if (hasText(p.apiV3KeyLocation())) {
            return files.read("api-v3-key-location", p.apiV3KeyLocation(), text -> ApiV3Key.of(text.strip()));
        }
        throw invalid("api-v3-key", null, "blank: set wechatpay.api-v3-key or wechatpay.api-v3-key-location");
    }

    private void trust(WechatPayClient.Builder b) {
        WechatPayProperties p = properties;
        boolean publicKey = hasText(p.publicKeyId()) || hasText(p.publicKeyLocation());
        boolean apiV3Key = hasText(p.apiV3Key()) || hasText(p.apiV3KeyLocation());
        if (!publicKey && !hasText(p.platformCertificateLocation()) && !apiV3Key) {
            throw invalid("public-key-location", null, "required: set wechatpay.public-key-id and"
                    + " wechatpay.public-key-location, or wechatpay.platform-certificate-location, or the APIv3 key"
                    + " (the platform certificates are then downloaded)");
        }
        if (!publicKey && apiV3Key) {
            b.downloadPlatformCertificates(apiV3Key());    // platform-certificate merchants: a pinned one may stay
        }
        if (publicKey) {
            if (!hasText(p.publicKeyId())) {
                throw invalid("public-key-id", p.publicKeyId(), "required with wechatpay.public-key-location:"
                        + " the WeChat Pay public key id, PUB_KEY_ID_...");
            }
            b.wechatPayPublicKey(p.publicKeyId().strip(),
                    files.read("public-key-location", p.publicKeyLocation(), PublicKeys::fromPem));
        }
        if (hasText(p.platformCertificateLocation())) {
            b.platformCertificate(files.read("platform-certificate-location", p.platformCertificateLocation(),
                    CertificateInfo::fromPem));
        }
    }

    private static RetryPolicy retryPolicy(WechatPayProperties.Retry retry) {
        RetryPolicy policy = RetryPolicy.defaults();
        try {
            if (retry.maxAttempts() != null) {
                policy = policy.withMaxAttempts(retry.maxAttempts());
            }
        } catch (IllegalArgumentException e) {
            throw invalid("retry.max-attempts", retry.maxAttempts(), e.getMessage());
        }
        if (retry.backoff() != null || retry.maxBackoff() != null) {
            try {
                policy = policy.withBackoff(retry.backoff() != null ? retry.backoff() : policy.backoff(),
                        retry.maxBackoff() != null ? retry.maxBackoff() : policy.maxBackoff());
            } catch (IllegalArgumentException e) {
                throw invalid(retry.backoff() != null ? "retry.backoff" : "retry.max-backoff",
                        retry.backoff() != null ? retry.backoff() : retry.maxBackoff(), e.getMessage());
            }
        }
        return policy;
    }

    private Object valueOf(String field) {
        WechatPayProperties p = properties;
        return switch (field) {
            case "mchid" -> p.mchid();
            case "merchantSerial" -> p.merchantSerial();
            case "baseUrl" -> p.baseUrl();
            case "maxInFlight" -> p.maxInFlight();
            case "requestsPerSecond" -> p.requestsPerSecond();
            case "connectTimeout" -> p.connectTimeout();
            case "responseTimeout" -> p.responseTimeout();
            case "transportMetrics" -> p.metrics().transport();
            default -> null;
        };
    }
}
