package wechatpay.reactor.internal;

import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The JCA provider RSA work prefers: the Amazon Corretto Crypto Provider (AWS-LC, native) when it is on the class
 * path and passes its own health check, else the JDK's (null). Detected once; a provider that is absent or fails
 * to load is reported once at DEBUG and never stops anything. Keys are translated once into the provider's own
 * key objects: handing a JDK key object to a native provider makes it convert the key on every signature, which
 * costs more than the signature.
 */
public final class RsaProvider {
    private static final Logger LOG = Loggers.getLogger(RsaProvider.class);
    static final String ACCP = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";
    /** {@code -Dwechatpay.reactor.rsa=jdk} keeps the JDK's provider even when ACCP is present (for comparisons). */
    public static final String PROPERTY = "wechatpay.reactor.rsa";
    private static final Provider PREFERRED = detect();
    private static final Map<Key, Key> TRANSLATED = new ConcurrentHashMap<>();

    private RsaProvider() {
    }

    /** ACCP when usable, else null (the JDK's choice). */
    public static Provider preferred() {
        return PREFERRED;
    }

    /** {@code provider} when given, else the preferred one. */
    public static Provider orPreferred(Provider provider) {
        return provider != null ? provider : PREFERRED;
    }

    /** The key as {@code provider}'s own object (the same key when there is none or it cannot translate). */
    public static <K extends Key> K translate(K key, Provider provider) {
        if (provider == null || key == null) {
            return key;
        }
        try {
            @SuppressWarnings("unchecked")
            K native_ = (K) KeyFactory.getInstance("RSA", provider).translateKey(key);
            return native_;
        } catch (Exception e) {
            LOG.debug("RSA key not translated into {} ({}); using it as it is", provider.getName(),
                    e.getClass().getSimpleName());
            return key;
        }
    }

    /**
     * The key translated for {@code provider}, remembered for the preferred provider (a handful of keys per
     * process: the merchant's, WeChat Pay's, a sandbox's), so that callers that hold JDK key objects pay once.
     */
    public static PublicKey translated(PublicKey key, Provider provider) {
        return remembered(key, provider);
    }

    public static PrivateKey translated(PrivateKey key, Provider provider) {
        return remembered(key, provider);
    }

    @SuppressWarnings("unchecked")
    private static <K extends Key> K remembered(K key, Provider provider) {
        if (provider == null || provider != PREFERRED || key == null) {
            return translate(key, provider);
        }
        return (K) TRANSLATED.computeIfAbsent(key, k -> translate(k, provider));
    }

    private static Provider detect() {
        if ("jdk".equalsIgnoreCase(System.getProperty(PROPERTY, ""))) {
            LOG.debug("RSA work uses the JDK's provider ({}=jdk)", PROPERTY);
            return null;
        }
        try {
            Class<?> type = Class.forName(ACCP, true, RsaProvider.class.getClassLoader());
            Provider provider = (Provider) type.getField("INSTANCE").get(null);
            type.getMethod("assertHealthy").invoke(provider);
            LOG.debug("RSA work uses {} {}", provider.getName(), provider.getVersionStr());
            return provider;
        } catch (ClassNotFoundException e) {
            LOG.debug("RSA work uses the JDK's provider (no Amazon Corretto Crypto Provider on the class path)");
            return null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            LOG.debug("RSA work uses the JDK's provider: the Amazon Corretto Crypto Provider is unusable here ({})",
                    cause.getClass().getSimpleName());
            return null;
        }
    }
}
