package wechatpay.reactor;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import wechatpay.reactor.creditrepayment.CreditRepayment;
import wechatpay.reactor.internal.AnswerVerifier;
import wechatpay.reactor.internal.Failover;
import wechatpay.reactor.internal.NettyTransport;
import wechatpay.reactor.internal.Transport;

/**
 * A reactive WeChat Pay APIv3 client for one partner merchant. Every call is validated before anything is sent,
 * signed (WECHATPAY2-SHA256-RSA2048) on subscription, verified against WeChat Pay's key, retried only when safe,
 * and failed with a {@link WechatPayException} a person can act on. Immutable and thread-safe; it owns a
 * connection pool, so create one, share it, and {@link #close()} it at shutdown. <pre>{@code
 * WechatPayClient client = WechatPayClient.builder()
 *     .merchant("1900000001", "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
 *               PrivateKeys.fromPem(Path.of("apiclient_key.pem")))
 *     .wechatPayPublicKey("PUB_KEY_ID_0114232134912410000000000000", PublicKeys.fromPem(Path.of("pub_key.pem")))
 *     .maxInFlight(64).requestsPerSecond(200)
 *     .build();
 *
 * ScheduleRecord record = client.creditRepayment().scheduleRecords().create(item).block();
 * }</pre>
 */
public final class WechatPayClient implements AutoCloseable {
    public static final String DEFAULT_BASE_URL = "https://api.mch.weixin.qq.com";
    /** WeChat Pay's backup host, for {@link Builder#backupBaseUrl}. */
    public static final String BACKUP_BASE_URL = "https://api2.mch.weixin.qq.com";
    public static final String VERSION = UserAgent.VERSION;
    private static final AtomicLong POOLS = new AtomicLong();

    static {
        ClientBridge.install();
    }

    private final ClientSettings settings;
    private final NettyTransport transport;
    private final @Nullable NettyTransport backup;
    private final @Nullable Transport override;
    private final Limits limits;
    private final KeyRing keys;
    private final Pipeline pipeline;
    private final JsonMapper json;
    private final ErrorMapper errors;
    private final CreditRepayment creditRepayment;

    private WechatPayClient(ClientSettings s, @Nullable NettyTransport shared, @Nullable Limits sharedLimits,
            @Nullable Transport override) {
        this.settings = s;
        this.override = override;
        String pool = "wechatpay-" + s.mchid() + "-" + POOLS.incrementAndGet();
        this.transport = shared != null ? shared.derive(s.transportOptions(s.baseUrl(), pool))
                : new NettyTransport(s.transportOptions(s.baseUrl(), pool));
        this.backup = s.backupBaseUrl() == null ? null : transport.derive(s.transportOptions(s.backupBaseUrl(), pool));
        this.limits = sharedLimits != null ? sharedLimits.reuseIf(s) : new Limits(s);
        // A body type with no properties is a mistake, not an empty object to send.
        this.json = JsonMapper.builder().enable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();
        this.errors = new ErrorMapper(json);
        this.keys = new KeyRing(s.keys(), s.certificateKey(), s.certificateRefresh(), s.verificationWindow(), s.clock());
        this.pipeline = Pipeline.create(s, errors, keys, limits, override != null ? override
                : backup == null ? transport : new Failover(transport, backup));
        keys.fetchWith(() -> pipeline.executeUnverified(PlatformCertificates.request()));
        this.creditRepayment = new CreditRepayment(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with this client's settings; the client it builds shares this one's connection pool (same
     * {@code maxInFlight}), limits (same {@code maxInFlight} and {@code requestsPerSecond} or rate limiter) and keys.
     */
    public Builder mutate() {
        return new Builder(this);
    }

    /** Any APIv3 endpoint: {@code chain("v3/credit-repayment/partner/contracts/{out_contract_code}")}. */
    public Chain chain(String path) {
        return new Chain(this, path);
    }

    /** The typed credit-repayment (信用还款) APIs. */
    public CreditRepayment creditRepayment() {
        return creditRepayment;
    }

    public String mchid() {
        return settings.mchid();
    }

    /** The clock that stamps requests and judges answers; typed calls take the booking day from it. */
    public Clock clock() {
        return settings.clock();
    }

    /** The WeChat Pay keys trusted now, which verify answers and encrypt sensitive fields, and their downloads. */
    public KeyRing keyRing() {
        return keys;
    }

    /** One signed {@code POST /v3/security/echo}: never an error, a report naming the setting at fault. */
    public Mono<SelfTestReport> selfTest() {
        return SelfTest.run(this);
    }

    /** How far a signed answer's timestamp may be off the client's clock (300 s by default). */
    public Duration verificationWindow() {
        return settings.verificationWindow();
    }

    /** Most calls in the air at once, for all callers of this client together; also the pool size. */
    public int maxInFlight() {
        return settings.maxInFlight();
    }

    /** Most calls started per second, for all callers of this client together (0 = none, or a {@link RateLimiter}). */
    public double requestsPerSecond() {
        return settings.requestsPerSecond();
    }

    /** Whether Reactor Netty's client meters are recorded ({@link Builder#transportMetrics}). */
    public boolean transportMetrics() {
        return settings.transportMetrics();
    }

    public RetryPolicy retryPolicy() {
        return settings.retryPolicy();
    }

    Pipeline pipeline() {
        return pipeline;
    }

    JsonMapper json() {
        return json;
    }

    ErrorMapper errors() {
        return errors;
    }

    /** Releases the pool once no client {@link #mutate() derived} from it uses it, blocking up to 10 s ({@link #closeLater()}). */
    @Override
    public void close() {
        closeLater().block(Duration.ofSeconds(10));
    }

    /** {@link #close()} without blocking: completes when the pool (if this was its last user) is disposed. */
    public Mono<Void> closeLater() {
        return backup == null ? transport.closeLater() : Mono.when(transport.closeLater(), backup.closeLater());
    }

    @Override
    public String toString() {
        return "WechatPayClient[" + settings.describe(keys.current().serials()) + "]";
    }

    /** Configuration of a {@link WechatPayClient}; {@link #build()} checks it and names the field at fault. Not thread-safe. */
    public static final class Builder {
        private @Nullable String mchid;
        private @Nullable RequestSigner signer;
        private @Nullable VerificationKeys verificationKeys;
        private final List<Consumer<VerificationKeys.Builder>> extraKeys = new ArrayList<>();
        private String baseUrl = DEFAULT_BASE_URL;
        private int maxInFlight = 64;
        private double requestsPerSecond;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration responseTimeout = Duration.ofSeconds(10);
        private int maxResponseBytes = 1 << 20;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Clock clock = Clock.systemUTC();
        private Duration verificationWindow = AnswerVerifier.DEFAULT_WINDOW;
        private @Nullable Provider verificationProvider;
        private @Nullable ApiV3Key certificateKey;
        private Duration certificateRefresh = Duration.ofHours(3);
        private @Nullable String backupBaseUrl;
        private @Nullable NettyTransport shared;
        private @Nullable Limits sharedLimits;
        private @Nullable Transport transportOverride;
        private @Nullable CallListener callListener;
        private boolean transportMetrics;
        private @Nullable RateLimiter rateLimiter;

        private Builder() {
        }

        private Builder(WechatPayClient from) {
            from.settings.copyTo(this);
            shared = from.transport;
            sharedLimits = from.limits;
            transportOverride = from.override;
        }

        /** The partner merchant id, its API certificate serial and private key (signed locally, JDK provider). */
        public Builder merchant(String mchid, String merchantSerial, PrivateKey privateKey) {
            return merchant(mchid, RequestSigner.rsa(merchantSerial, privateKey));
        }

        /** The partner merchant id and a signer of its own (another JCA provider, a KMS, an HSM). */
        public Builder merchant(String mchid, RequestSigner signer) {
            this.mchid = mchid;
            this.signer = Objects.requireNonNull(signer, "signer");
            return this;
        }

        /** WeChat Pay public-key mode: the key and its id {@code PUB_KEY_ID_...} from the merchant platform. */
        public Builder wechatPayPublicKey(String publicKeyId, PublicKey key) {
            extraKeys.add(keys -> keys.publicKey(publicKeyId, key));
            return this;
        }

        /** Platform-certificate mode (legacy), or both modes during a migration. */
        public Builder platformCertificate(CertificateInfo certificate) {
            Objects.requireNonNull(certificate, "certificate");
            extraKeys.add(keys -> keys.certificate(certificate));
            return this;
        }

        /** Platform-certificate merchants: download and refresh the certificates with the APIv3 key ({@link KeyRing}). */
        public Builder downloadPlatformCertificates(ApiV3Key apiV3Key) {
            this.certificateKey = Objects.requireNonNull(apiV3Key, "apiV3Key");
            return this;
        }

        /** How often downloaded platform certificates are refreshed (default 3 h, at least 1 minute). */
        public Builder certificateRefreshInterval(Duration interval) {
            this.certificateRefresh = interval;
            return this;
        }

        /** A complete key set, to which {@link #wechatPayPublicKey} and {@link #platformCertificate} add. */
        public Builder verificationKeys(VerificationKeys keys) {
            this.verificationKeys = Objects.requireNonNull(keys, "verificationKeys");
            return this;
        }

        /** {@value WechatPayClient#DEFAULT_BASE_URL} by default; plain {@code http://} only for a loopback host. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** Where a request goes when it surely never left for the base URL (no connection); off by default. */
        public Builder backupBaseUrl(@Nullable String baseUrl) {
            this.backupBaseUrl = baseUrl;
            return this;
        }

        /** Calls in the air at once (default 64), for all callers together; the pool size. Streams may lower it. */
        public Builder maxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
            return this;
        }

        /** Calls started per second (default 0 = none), for all callers together; a 429 halves it for a while. */
        public Builder requestsPerSecond(double requestsPerSecond) {
            this.requestsPerSecond = requestsPerSecond;
            return this;
        }

        /** In place of {@link #requestsPerSecond}: e.g. a budget shared by processes ({@code redis.RedisRateLimiter}). */
        public Builder rateLimiter(@Nullable RateLimiter limiter) {
            this.rateLimiter = limiter;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** Time allowed for an answer once the request is sent (default 10 s, as the official Java SDK). */
        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = timeout;
            return this;
        }

        /** Answers larger than this fail as {@link WechatPayTransportException.Kind#RESPONSE_TOO_LARGE} (default 1 MiB). */
        public Builder maxResponseBytes(int bytes) {
            this.maxResponseBytes = bytes;
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = policy;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How far an answer's timestamp may be off (default 5 minutes, as every official SDK). */
        public Builder verificationWindow(Duration window) {
            this.verificationWindow = window;
            return this;
        }

        /** A JCA provider for verifying answers; the signer has its own. */
        public Builder verificationProvider(@Nullable Provider provider) {
            this.verificationProvider = provider;
            return this;
        }

        /** Hears how every call ended (logs, metrics, traces; see {@code wechatpay.reactor.micrometer}). */
        public Builder callListener(@Nullable CallListener listener) {
            this.callListener = listener;
            return this;
        }

        /** Reactor Netty's client meters, {@code uri} = the path template; off; needs Micrometer; to the global registry. */
        public Builder transportMetrics(boolean enabled) {
            this.transportMetrics = enabled;
            return this;
        }

        /** For pipeline tests: a scripted transport in place of the network. */
        Builder transport(Transport transport) {
            this.transportOverride = transport;
            return this;
        }

        public WechatPayClient build() {
            ClientSettings.checkMchid(mchid);
            VerificationKeys keys = ClientSettings.keys(verificationKeys, extraKeys, certificateKey != null);
            ClientSettings settings = new ClientSettings(mchid, signer, keys, BaseUrl.check(baseUrl), maxInFlight,
                    requestsPerSecond, connectTimeout, responseTimeout, maxResponseBytes, retryPolicy, clock,
                    verificationWindow, verificationProvider, certificateKey, certificateRefresh,
                    backupBaseUrl == null ? null : BaseUrl.check(backupBaseUrl), callListener, transportMetrics,
                    rateLimiter);
            return new WechatPayClient(settings, shared, sharedLimits, transportOverride);
        }
    }
}
