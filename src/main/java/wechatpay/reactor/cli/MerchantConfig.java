package wechatpay.reactor.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import wechatpay.reactor.ApiV3Key;
import wechatpay.reactor.CertificateInfo;
import wechatpay.reactor.PrivateKeys;
import wechatpay.reactor.PublicKeys;
import wechatpay.reactor.WechatPayClient;

/**
 * The CLI's merchant configuration: properties from {@code --config FILE} (a sandbox state file is a superset that
 * works as is) or the {@code WECHATPAY_*} environment variables. Problems are {@link UsageException}s with a
 * one-line reason naming the key or variable.
 */
final class MerchantConfig {
    static final String MCHID = "mchid";
    static final String MERCHANT_SERIAL = "merchant_serial";
    static final String MERCHANT_PRIVATE_KEY_FILE = "merchant_private_key_file";
    static final String PUBLIC_KEY_ID = "wechatpay_public_key_id";
    static final String PUBLIC_KEY_FILE = "wechatpay_public_key_file";
    static final String BASE_URL = "base_url";
    static final String APIV3_KEY = "apiv3_key";
    static final String PLATFORM_CERTIFICATE_FILE = "platform_certificate_file";
    static final Map<String, String> ENVIRONMENT = Map.of(
            APIV3_KEY, "WECHATPAY_APIV3_KEY",
            PLATFORM_CERTIFICATE_FILE, "WECHATPAY_PLATFORM_CERTIFICATE_FILE",
            MCHID, "WECHATPAY_MCHID",
            MERCHANT_SERIAL, "WECHATPAY_MERCHANT_SERIAL",
            MERCHANT_PRIVATE_KEY_FILE, "WECHATPAY_PRIVATE_KEY_FILE",
            PUBLIC_KEY_ID, "WECHATPAY_PUBLIC_KEY_ID",
            PUBLIC_KEY_FILE, "WECHATPAY_PUBLIC_KEY_FILE",
            BASE_URL, "WECHATPAY_BASE_URL");
    private static final List<String> REQUIRED = List.of(MCHID, MERCHANT_SERIAL, MERCHANT_PRIVATE_KEY_FILE);

    private final Properties properties;
    final String source;

    private MerchantConfig(Properties properties, String source) {
        this.properties = properties;
        this.source = source;
    }

    /** The file's configuration; else the environment's, or empty when the environment names no merchant. */
    static Optional<MerchantConfig> load(Path config, Map<String, String> env) {
        Properties p = new Properties();
        if (config != null) {
            try (Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new UsageException("--config " + config + ": cannot read (" + e.getClass().getSimpleName() + ")");
            }
            return Optional.of(new MerchantConfig(p, "--config " + config));
        }
        ENVIRONMENT.forEach((key, var) -> {
            if (env.get(var) != null && !env.get(var).isBlank()) {
                p.setProperty(key, env.get(var).trim());
            }
        });
        return p.isEmpty() ? Optional.empty() : Optional.of(new MerchantConfig(p, "WECHATPAY_* environment variables"));
    }

    String baseUrl() {
        return get(BASE_URL, WechatPayClient.DEFAULT_BASE_URL);
    }

    /** The APIv3 key ({@code apiv3_key}), which decrypts callbacks; a usage error when it is not configured. */
    ApiV3Key apiV3Key() {
        String text = get(APIV3_KEY, "");
        if (text.isEmpty()) {
            throw new UsageException(source + ": " + hint(APIV3_KEY) + " is required to decrypt callbacks");
        }
        try {
            return ApiV3Key.of(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(source + ": " + APIV3_KEY + ": expected 32 characters");
        }
    }

    /** The merchant's keys and base URL on {@code b}; a missing key or an unreadable key file is a usage error. */
    WechatPayClient.Builder applyTo(WechatPayClient.Builder b) {
        for (String key : REQUIRED) {
            if (properties.getProperty(key, "").isBlank()) {
                throw new UsageException(source + ": " + hint(key) + " is required");
            }
        }
        try {
            b.merchant(get(MCHID, null), get(MERCHANT_SERIAL, null),
                    PrivateKeys.fromPem(Path.of(get(MERCHANT_PRIVATE_KEY_FILE, null)))).baseUrl(baseUrl());
            return wechatPayKeys(b);
        } catch (IllegalArgumentException e) {
            throw new UsageException(source + ": " + e.getMessage());
        }
    }

    /**
     * The WeChat Pay keys: the public key (id and file), a pinned platform certificate file, and, for a merchant
     * without a public key, the platform certificates downloaded with the APIv3 key.
     */
    private WechatPayClient.Builder wechatPayKeys(WechatPayClient.Builder b) {
        boolean publicKey = !get(PUBLIC_KEY_ID, "").isEmpty() || !get(PUBLIC_KEY_FILE, "").isEmpty();
        if (publicKey) {
            for (String key : List.of(PUBLIC_KEY_ID, PUBLIC_KEY_FILE)) {
                if (get(key, "").isEmpty()) {
                    throw new UsageException(source + ": " + hint(key) + " is required with the WeChat Pay public key");
                }
            }
            b.wechatPayPublicKey(get(PUBLIC_KEY_ID, null), PublicKeys.fromPem(Path.of(get(PUBLIC_KEY_FILE, null))));
        }
        if (!get(PLATFORM_CERTIFICATE_FILE, "").isEmpty()) {
            b.platformCertificate(CertificateInfo.fromPem(Path.of(get(PLATFORM_CERTIFICATE_FILE, null))));
        }
        if (!publicKey) {
            if (get(APIV3_KEY, "").isEmpty()) {
                throw new UsageException(source + ": " + hint(PUBLIC_KEY_ID) + " and " + hint(PUBLIC_KEY_FILE)
                        + " (public-key merchants) or " + hint(APIV3_KEY) + " (platform-certificate merchants) is required");
            }
            b.downloadPlatformCertificates(apiV3Key());
        }
        return b;
    }

    private String hint(String key) {
        return source.startsWith("--config") ? key : ENVIRONMENT.get(key);
    }

    private String get(String key, String fallback) {
        String value = properties.getProperty(key);
        return value == null ? fallback : value.trim();
    }
}
