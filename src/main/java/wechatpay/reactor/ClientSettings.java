package wechatpay.reactor;

import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import wechatpay.reactor.internal.NettyTransport;

/**
 * What a {@link WechatPayClient} is built with. Immutable; the constructor checks every setting and names the one
 * at fault with a {@link ValidationException} (the builder has checked {@code mchid} and built the keys).
 * {@code certificateKey} is the APIv3 key when the client downloads platform certificates, else null;
 * {@code backupBaseUrl} the host to fail over to when a request never left, else null; {@code callListener} hears
 * every call ({@link CallListener#none()} when null); {@code transportMetrics} turns on Reactor Netty's client
 * meters, which need Micrometer; {@code rateLimiter} is the caller's own, else null (then {@code requestsPerSecond},
 * if above 0, makes the adaptive one).
 */
record ClientSettings(String mchid, RequestSigner signer, VerificationKeys keys, String baseUrl, int maxInFlight,
        double requestsPerSecond, Duration connectTimeout, Duration responseTimeout, int maxResponseBytes,
        RetryPolicy retryPolicy, Clock clock, Duration verificationWindow, @Nullable Provider verificationProvider,
        @Nullable ApiV3Key certificateKey, Duration certificateRefresh, @Nullable String backupBaseUrl,
        @Nullable CallListener callListener, boolean transportMetrics,
        @Nullable RateLimiter rateLimiter) {

    ClientSettings {
        callListener = callListener == null ? CallListener.none() : callListener;
        if (transportMetrics && !NettyTransport.metricsAvailable()) {
            throw new ValidationException("transportMetrics", "needs Micrometer (io.micrometer:micrometer-core) on"
                    + " the class path; leave it off without Micrometer");
        }
        positive("connectTimeout", connectTimeout);
        positive("responseTimeout", responseTimeout);
        positive("verificationWindow", verificationWindow);
        positive("certificateRefreshInterval", certificateRefresh);
        if (certificateRefresh.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new ValidationException("certificateRefreshInterval", "expected at least 1 minute, found "
                    + certificateRefresh);
        }
        if (connectTimeout.compareTo(Duration.ofMillis(1)) < 0
                || connectTimeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw new ValidationException("connectTimeout", "expected 1 ms to 24 days, found " + connectTimeout);
        }
        if (verificationWindow.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ValidationException("verificationWindow", "expected at least 1 s, found " + verificationWindow);
        }
        if (maxInFlight < 1 || maxInFlight > 10_000) {
            throw new ValidationException("maxInFlight", "expected 1..10000, found " + maxInFlight);
        }
        if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
            throw new ValidationException("requestsPerSecond", "expected >= 0 (0 = no limit), found " + requestsPerSecond);
        }
        if (rateLimiter != null && requestsPerSecond > 0) {
            throw new ValidationException("rateLimiter", "set either requestsPerSecond or rateLimiter, not both");
        }
        if (maxResponseBytes < 1024) {
            throw new ValidationException("maxResponseBytes", "expected at least 1024, found " + maxResponseBytes);
        }
        if (retryPolicy == null) {
            throw new ValidationException("retryPolicy", "required (RetryPolicy.none() turns retries off)");
        }
        if (clock == null) {
            throw new ValidationException("clock", "required");
        }
        String serial = signer.serial();
        if (serial == null || serial.isBlank()) {
            throw new ValidationException("merchantSerial", "the signer names no API certificate serial");
        }
        try {
            keys.requireDistinctFrom(serial);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("verificationKeys", e.getMessage());
        }
    }


    /** What the transport to {@code host} needs; transports of one client share a pool named {@code pool}. */
    NettyTransport.Options transportOptions(String host, String pool) {
        return new NettyTransport.Options(host, maxInFlight, connectTimeout, responseTimeout, maxResponseBytes,
                UserAgent.header(), pool, transportMetrics);
    }

    /** Sets all of these settings on {@code b}: where {@link WechatPayClient#mutate()} starts from. */
    void copyTo(WechatPayClient.Builder b) {
        b.merchant(mchid, signer).verificationKeys(keys).baseUrl(baseUrl).backupBaseUrl(backupBaseUrl)
                .maxInFlight(maxInFlight).requestsPerSecond(requestsPerSecond)
                .connectTimeout(connectTimeout).responseTimeout(responseTimeout).maxResponseBytes(maxResponseBytes)
                .retryPolicy(retryPolicy).clock(clock).verificationWindow(verificationWindow)
                .verificationProvider(verificationProvider).certificateRefreshInterval(certificateRefresh)
                .callListener(callListener).transportMetrics(transportMetrics).rateLimiter(rateLimiter);
        if (certificateKey != null) {
            b.downloadPlatformCertificates(certificateKey);
        }
    }

    /** What {@code WechatPayClient.toString()} shows: no secret (the signer redacts itself). */
    String describe(java.util.Set<String> serials) {
        return "mchid=" + mchid + ", baseUrl=" + baseUrl + ", signer=" + signer + ", keys=" + serials + ", maxInFlight="
                + maxInFlight + ", requestsPerSecond=" + requestsPerSecond
                + (rateLimiter == null ? "" : ", rateLimiter=" + rateLimiter);
    }

    static void checkMchid(@Nullable String mchid) {
        if (mchid == null || !mchid.matches("[0-9]{1,32}")) {
            throw new ValidationException("mchid", mchid == null
                    ? "required: call merchant(mchid, serial, privateKey) or merchant(mchid, signer)"
                    : "expected the partner merchant id (up to 32 digits), found '" + mchid + "'");
        }
    }

    /** The configured keys; none is allowed only when the client downloads its platform certificates. */
    static VerificationKeys keys(@Nullable VerificationKeys base, List<Consumer<VerificationKeys.Builder>> extra,
            boolean downloads) {
        VerificationKeys.Builder b = base == null ? VerificationKeys.builder() : base.toBuilder();
        try {
            extra.forEach(add -> add.accept(b));
            return downloads ? b.buildPossiblyEmpty() : b.build();
        } catch (IllegalArgumentException e) {
            throw new ValidationException("verificationKeys", e.getMessage()
                    + " (set wechatPayPublicKey(id, key), platformCertificate(certificate) or "
                    + "downloadPlatformCertificates(apiV3Key))");
        }
    }

    private static void positive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new ValidationException(field, "expected a positive duration, found " + d);
        }
    }
}
