package wechatpay.reactor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import wechatpay.reactor.internal.RawAnswer;

/**
 * The WeChat Pay keys a client trusts, which may grow: the configured ("pinned") keys, plus, with
 * {@code downloadPlatformCertificates}, the platform certificates of the last download. Downloads happen:
 * <ul>
 * <li>when an answer names a serial the ring does not hold: one download for every call waiting at that moment
 * (single flight); not again within {@link #MIN_INTERVAL} of the last attempt, and not for a serial a download
 * already failed to find within {@link #FORGET_AFTER} (the negative cache), so a flood of unknown serials is at
 * most one download per {@link #MIN_INTERVAL};</li>
 * <li>in the background when the last success is older than the refresh interval (checked as answers are
 * verified; no timer thread).</li>
 * </ul>
 * The first download has no other anchor than the APIv3 key (an entry nobody with the key sealed does not
 * decrypt) and the certificates the answer carries, which verify its signature, as in the official SDKs; a
 * certificate or public key configured as well ("pinned") is the stronger start.
 * A 404 {@code RESOURCE_NOT_EXISTS} marks the merchant public-key only: never asked again. A failed download keeps
 * the keys the ring had and is counted in {@link #status()}. Obtain it from {@link WechatPayClient#keyRing()};
 * thread-safe.
 */
public final class KeyRing {
    static final Duration MIN_INTERVAL = Duration.ofSeconds(60);
    static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    private final VerificationKeys pinned;
    private final ApiV3Key apiV3Key;
    private final Duration refreshEvery;
    private final Duration window;
    private final Clock clock;
    private volatile VerificationKeys current;
    private volatile Supplier<Mono<RawAnswer>> fetch;
    private final AtomicReference<Mono<VerificationKeys>> flight = new AtomicReference<>();
    private final Map<String, Instant> notFound = new ConcurrentHashMap<>();
    private final AtomicLong downloads = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile Instant lastAttempt;
    private volatile Instant lastSuccess;
    private volatile String lastFailure;
    private volatile boolean publicKeyOnly;

    /** {@code apiV3Key} null: the pinned keys only, never a download. */
    KeyRing(VerificationKeys pinned, ApiV3Key apiV3Key, Duration refreshEvery, Duration window, Clock clock) {
        this.pinned = pinned;
        this.current = pinned;
        this.apiV3Key = apiV3Key;
        this.refreshEvery = refreshEvery;
        this.window = window;
        this.clock = clock;
    }

    /** Set once by the client, after its pipeline exists: one {@code GET /v3/certificates}, unverified. */
    void fetchWith(Supplier<Mono<RawAnswer>> fetch) {
        this.fetch = fetch;
    }

    /** The keys trusted now. */
    public VerificationKeys current() {
        return current;
    }

    boolean downloads() {
        return apiV3Key != null && !publicKeyOnly;
    }

    /**
     * After an answer named {@code serial}, which the ring does not hold: the keys after a download that may know
     * it, or empty when no download is made for it (see the class comment).
     */
    Mono<VerificationKeys> forUnknown(String serial) {
        return Mono.defer(() -> {
            VerificationKeys now = current;
            if (now.contains(serial)) {
                return Mono.just(now);                   // a download that just ended brought it
            }
            Mono<VerificationKeys> running = flight.get();
            if (running != null) {
                return running;
            }
            Instant at = clock.instant();
            Instant missed = notFound.get(serial);
            boolean tooSoon = lastAttempt != null && lastAttempt.plus(MIN_INTERVAL).isAfter(at);
            if (!downloads() || tooSoon || missed != null && missed.plus(FORGET_AFTER).isAfter(at)) {
                skipped.incrementAndGet();
                return Mono.empty();
            }
            return refresh().doOnNext(keys -> {
                if (!keys.contains(serial)) {
                    notFound.put(serial, clock.instant());
                }
            });
        });
    }

    /** A background refresh when the last success is older than the refresh interval; never delays a call. */
    void refreshIfDue() {
        Instant last = lastSuccess;
        if (downloads() && flight.get() == null && last != null && last.plus(refreshEvery).isBefore(clock.instant())) {
            refresh().subscribe(keys -> { }, e -> { });
        }
    }

    /**
     * Downloads the platform certificates now (for example at start-up), or joins the download running, and gives
     * the keys trusted afterwards; a failure keeps the keys the ring had. Fails at once for a ring that does not
     * download.
     */
    public Mono<VerificationKeys> refresh() {
        Mono<VerificationKeys> running = flight.get();
        if (running != null) {
            return running;
        }
        // The flight ends before its result reaches anyone, so that a caller who has the result and asks again
        // starts a new download rather than getting this one's.
        AtomicReference<Mono<VerificationKeys>> self = new AtomicReference<>();
        Mono<VerificationKeys> next = Mono.defer(this::download)
                .doOnEach(signal -> flight.compareAndSet(self.get(), null))
                .doOnCancel(() -> flight.compareAndSet(self.get(), null))
                .cache();
        self.set(next);
        return flight.compareAndSet(null, next) ? next : refresh();
    }

    private Mono<VerificationKeys> download() {
        lastAttempt = clock.instant();
        Supplier<Mono<RawAnswer>> get = fetch;
        if (get == null || apiV3Key == null) {
            return Mono.error(new IllegalStateException("this client does not download platform certificates"));
        }
        return get.get()
                .map(answer -> {     // on Schedulers.parallel(): decrypting and verifying are CPU work
                    List<CertificateInfo> certificates = PlatformCertificates.read(answer::header, answer.body(),
                            apiV3Key, current, clock.instant(), window);
                    VerificationKeys keys = PlatformCertificates.withDownloaded(pinned, certificates);
                    current = keys;
                    lastSuccess = clock.instant();
                    lastFailure = null;
                    downloads.incrementAndGet();
                    return keys;
                })
                .onErrorResume(e -> {
                    if (e instanceof WechatPayServiceException s && s.status() == 404) {
                        publicKeyOnly = true;
                        return Mono.just(current);
                    }
                    failures.incrementAndGet();
                    lastFailure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    return Mono.error(e);
                });
    }

    /** The keys trusted now and how the downloads went. */
    public KeyRingStatus status() {
        return new KeyRingStatus(current.serials(), apiV3Key != null, publicKeyOnly, downloads.get(), failures.get(),
                Optional.ofNullable(lastSuccess), Optional.ofNullable(lastFailure), skipped.get());
    }
}
