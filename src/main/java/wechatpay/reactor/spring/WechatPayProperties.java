package wechatpay.reactor.spring;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The {@code wechatpay.*} settings of a Spring Boot application: the merchant, the WeChat Pay keys it trusts, the
 * client's limits, and the callback route. Key locations are Spring resource locations ({@code classpath:...},
 * {@code file:...}) or plain file paths. A setting left out takes the client's default. Checked when the client
 * is built; an error names the property at fault, such as {@code wechatpay.private-key-location}. The APIv3 key
 * never prints: {@link #toString()} redacts it.
 *
 * <pre>
 * wechatpay.mchid=1900000001
 * wechatpay.merchant-serial=5157F09EFDC096DE15EBE81A47057A7232F1B8E1
 * wechatpay.private-key-location=file:/etc/wechatpay/apiclient_key.pem
 * wechatpay.public-key-id=PUB_KEY_ID_0114232134912410000000000000
 * wechatpay.public-key-location=file:/etc/wechatpay/pub_key.pem
 * wechatpay.api-v3-key-location=file:/etc/wechatpay/apiv3.key
 * </pre>
 *
 * @param mchid                       the partner merchant id (up to 32 digits); without it no client is configured
 * @param merchantSerial              the serial number of the merchant's API certificate
 * @param privateKeyLocation          the merchant's API private key, PEM (PKCS#8 or PKCS#1), such as
 *                                    file:/etc/wechatpay/apiclient_key.pem
 * @param publicKeyId                 the WeChat Pay public key id (PUB_KEY_ID_...), with
 *                                    public-key-location
 * @param publicKeyLocation           the WeChat Pay public key, PEM (public-key mode)
 * @param platformCertificateLocation a WeChat Pay platform certificate, PEM (platform-certificate mode, or both
 *                                    modes during a migration)
 * @param apiV3Key                    the merchant's APIv3 key (32 characters); with it, or with
 *                                    api-v3-key-location, callbacks are verified and decrypted. A secret:
 *                                    prefer an environment variable or api-v3-key-location
 * @param apiV3KeyLocation            a file holding the APIv3 key (surrounding white space is ignored)
 * @param baseUrl                     the WeChat Pay API base URL (default https://api.mch.weixin.qq.com); plain
 *                                    http only for a loopback host
 * @param maxInFlight                 the most calls in the air at once, for all calls of the client together, and
 *                                    the size of its connection pool (default 64)
 * @param requestsPerSecond           the most calls started per second, adaptive on 429 (default 0: no limit)
 * @param connectTimeout              the time allowed to connect (default 5s)
 * @param responseTimeout             the time allowed for an answer once a request is sent (default 10s)
 * @param retry                       when failed calls are sent again
 * @param callback                    the route that receives WeChat Pay's callbacks
 * @param health                      the actuator health indicator backed by the client's self-test
 * @param metrics                     which meters the client records besides its observations
 */
@ConfigurationProperties("wechatpay")
public record WechatPayProperties(@Nullable String mchid, @Nullable String merchantSerial,
        @Nullable String privateKeyLocation, @Nullable String publicKeyId, @Nullable String publicKeyLocation,
        @Nullable String platformCertificateLocation, @Nullable String apiV3Key, @Nullable String apiV3KeyLocation,
        @Nullable String baseUrl, @Nullable Integer maxInFlight, @Nullable Double requestsPerSecond,
        @Nullable Duration connectTimeout, @Nullable Duration responseTimeout, @DefaultValue Retry retry,
        @DefaultValue Callback callback, @DefaultValue HealthCheck health, @DefaultValue Metrics metrics) {

    /** The prefix of every property. */
    public static final String PREFIX = "wechatpay";

    public WechatPayProperties {
        retry = retry == null ? new Retry(null, null, null) : retry;
        callback = callback == null ? new Callback(true, Callback.DEFAULT_PATH, Callback.DEFAULT_MAX_BODY_SIZE,
                Callback.DEFAULT_REMEMBERED_IDS) : callback;
        health = health == null ? new HealthCheck(HealthCheck.DEFAULT_TTL) : health;
        metrics = metrics == null ? new Metrics(false) : metrics;
    }

    /** Whether an APIv3 key is set, inline or by location. */
    public boolean hasApiV3Key() {
        return hasText(apiV3Key) || hasText(apiV3KeyLocation);
    }

    static boolean hasText(@Nullable String s) {
        return s != null && !s.isBlank();
    }

    @Override
    public String toString() {
        return "WechatPayProperties[mchid=" + mchid + ", merchantSerial=" + merchantSerial + ", privateKeyLocation="
                + privateKeyLocation + ", publicKeyId=" + publicKeyId + ", publicKeyLocation=" + publicKeyLocation
                + ", platformCertificateLocation=" + platformCertificateLocation + ", apiV3Key="
                + (apiV3Key == null ? "null" : "redacted") + ", apiV3KeyLocation=" + apiV3KeyLocation + ", baseUrl="
                + baseUrl + ", maxInFlight=" + maxInFlight + ", requestsPerSecond=" + requestsPerSecond
                + ", connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout + ", retry=" + retry
                + ", callback=" + callback + ", health=" + health + ", metrics=" + metrics + "]";
    }

    /**
     * When failed calls are sent again: only retryable failures (202, 429, 5xx, transport failures), each
     * attempt signed anew. Left out: the client's defaults.
     *
     * @param maxAttempts the most attempts per call, the first included; 1 = never retry (default 3)
     * @param backoff     the first wait before an attempt again, doubling after each (default 200ms)
     * @param maxBackoff  the longest wait between attempts (default 5s)
     */
    public record Retry(@Nullable Integer maxAttempts, @Nullable Duration backoff, @Nullable Duration maxBackoff) {
    }

    /**
     * The callback route of a reactive web application: registered when the APIv3 key is set and the
     * application has at least one {@link WechatPayNotificationHandler} bean.
     *
     * @param enabled     whether to register the route at all
     * @param path        the path WeChat Pay POSTs callbacks to: the path of the notify_url the
     *                    application gives in its requests
     * @param maxBodySize the largest callback body accepted; larger ones are refused with 413 (callbacks are about
     *                    1 KB)
     * @param rememberedIds how many handled event ids this instance remembers, so that a duplicate delivery is
     *                    acknowledged without calling the handlers again; 0 = call them for every delivery
     */
    public record Callback(@DefaultValue("true") boolean enabled, @DefaultValue(DEFAULT_PATH) String path,
            @DefaultValue("64KB") DataSize maxBodySize, @DefaultValue("10000") int rememberedIds) {
        public static final String DEFAULT_PATH = "/wechatpay/callback";
        static final DataSize DEFAULT_MAX_BODY_SIZE = DataSize.ofKilobytes(64);
        static final int DEFAULT_REMEMBERED_IDS = 10_000;
    }

    /**
     * The {@code wechatPay} health indicator (Spring Boot actuator present): one signed echo per {@code ttl},
     * whatever the number of probes; {@code management.health.wechatpay.enabled=false} turns it off.
     *
     * @param ttl how long one self-test result answers every probe (default 5m)
     */
    public record HealthCheck(@DefaultValue(DEFAULT_TTL_TEXT) Duration ttl) {
        static final String DEFAULT_TTL_TEXT = "5m";
        static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    }

    /**
     * Meters beyond the one observation per call.
     *
     * @param transport Reactor Netty's HTTP client meters ({@code reactor.netty.http.client.*}: response, connect
     *                  and TLS times, bytes), tagged with the path template, never the path with its ids; they go to
     *                  Micrometer's global registry, which Spring Boot's registry joins unless
     *                  {@code management.metrics.use-global-registry=false} (default false)
     */
    public record Metrics(@DefaultValue("false") boolean transport) {
    }
}
