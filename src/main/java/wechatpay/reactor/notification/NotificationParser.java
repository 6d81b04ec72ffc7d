package wechatpay.reactor.notification;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import wechatpay.reactor.ApiV3Key;
import wechatpay.reactor.KeyRing;
import wechatpay.reactor.VerificationKeys;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.internal.AesGcm;
import wechatpay.reactor.internal.Excerpt;
import wechatpay.reactor.internal.AnswerVerifier;
import wechatpay.reactor.internal.Verdict;
import wechatpay.reactor.notification.NotificationException.Reason;

/**
 * Verifies, decrypts and types WeChat Pay's credit-repayment callbacks. There is no way to read a callback
 * without verifying it. In this order, each step failing with a {@link NotificationException} of its own
 * {@link Reason}:
 * <ol>
 * <li>the body: not empty, at most {@link Builder#maxBodyBytes(int) maxBodyBytes} (64 KiB by default);</li>
 * <li>the signature headers, over the <em>raw</em> body bytes: a {@code WECHATPAY/SIGNTEST/} probe is refused,
 *     the timestamp must be less than the window (300 s) off the clock in either direction, the
 *     {@code Wechatpay-Serial} must name a trusted WeChat Pay key, and the signature must verify;</li>
 * <li>the envelope JSON, then {@code resource.algorithm} = {@code AEAD_AES_256_GCM};</li>
 * <li>decryption with the APIv3 key ({@code associated_data} absent or null counts as empty);</li>
 * <li>the decrypted resource as JSON, then the typed event of its {@code event_type}.</li>
 * </ol>
 * {@link #parse} is lazy: nothing happens before subscription. The signature check is RSA work, so everything
 * after the size check runs on {@link Schedulers#parallel()}, never on the caller's (event-loop) thread; the
 * {@link Notification} is emitted there too, so move blocking handlers off it ({@code publishOn}).
 *
 * <p>Immutable and thread-safe: create once, share.
 *
 * <pre>{@code
 * NotificationParser parser = NotificationParser.forClient(client, ApiV3Key.of(System.getenv("APIV3_KEY")));
 * Mono<Notification> event = parser.parse(request.getHeaders()::getFirst, bodyBytes);
 * }</pre>
 */
public final class NotificationParser {
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Supplier<VerificationKeys> keys;
    private final ApiV3Key apiV3Key;
    private final Clock clock;
    private final Duration window;
    private final int maxBodyBytes;
    private final AnswerVerifier verifier;

    private NotificationParser(Builder b) {
        this.keys = b.keys;
        this.apiV3Key = b.apiV3Key;
        this.clock = b.clock;
        this.window = b.window;
        this.maxBodyBytes = b.maxBodyBytes;
        this.verifier = new AnswerVerifier(keys, window, null);
    }

    /**
     * A parser that trusts the client's WeChat Pay keys as they are at each callback (a key ring that downloads
     * platform certificates is seen as it refreshes), and uses its clock and verification window.
     */
    public static NotificationParser forClient(WechatPayClient client, ApiV3Key apiV3Key) {
        Objects.requireNonNull(client, "client");
        return builder().keys(client.keyRing()).apiV3Key(apiV3Key).clock(client.clock())
                .window(client.verificationWindow()).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Verifies and reads one callback.
     *
     * @param header  looks a request header up by name, ignoring case; null when absent. A lookup that only
     *                knows lower-case names (HTTP/2, some maps) works too.
     * @param rawBody the body exactly as received; not changed here, and not to be changed until the Mono ends
     * @return the event, or a {@link NotificationException}; lazy
     */
    public Mono<Notification> parse(Function<String, @Nullable String> header, byte[] rawBody) {
        Objects.requireNonNull(header, "header");
        Function<String, @Nullable String> lookup = name -> {
            String value = header.apply(name);
            return value != null ? value : header.apply(name.toLowerCase(Locale.ROOT));
        };
        return Mono.defer(() -> {
            byte[] body = rawBody == null ? new byte[0] : rawBody;
            if (body.length == 0) {
                return Mono.error(new NotificationException(Reason.EMPTY_BODY, "the callback has no body"));
            }
            if (body.length > maxBodyBytes) {
                return Mono.error(new NotificationException(Reason.TOO_LARGE, "the body has " + body.length
                        + " bytes; at most " + maxBodyBytes + " are accepted"));
            }
            return Mono.fromCallable(() -> read(lookup, body)).subscribeOn(Schedulers.parallel());
        });
    }

    /**
     * {@link #parse(Function, byte[])} with the headers as a multi-valued map, names in any case. A signature
     * header given more than once with different values is {@link Reason#MALFORMED_HEADER}.
     */
    public Mono<Notification> parse(Map<String, ? extends Collection<String>> headers, byte[] rawBody) {
        Objects.requireNonNull(headers, "headers");
        return parse(name -> HeaderLookup.single(headers, name), rawBody);
    }

    private Notification read(Function<String, String> header, byte[] body) {
        verify(header, body);
        Envelope envelope = Envelope.read(json(body, Reason.NOT_JSON, "the body is not JSON"));
        if (!AesGcm.ALGORITHM.equals(envelope.algorithm())) {
            throw new NotificationException(Reason.UNSUPPORTED_ALGORITHM, "resource.algorithm: expected "
                    + AesGcm.ALGORITHM + ", found " + Excerpt.quoted(envelope.algorithm()));
        }
        byte[] plaintext;
        try {
            plaintext = apiV3Key.decrypt(envelope.nonce(), envelope.associatedData(), envelope.ciphertext());
        } catch (IllegalArgumentException e) {
            throw new NotificationException(Reason.DECRYPTION_FAILED, "resource does not decrypt with the APIv3 key: "
                    + e.getMessage());
        }
        return EventReader.read(envelope, json(plaintext, Reason.BAD_RESOURCE, "the decrypted resource is not JSON"));
    }

    private void verify(Function<String, String> header, byte[] body) {
        Verdict verdict = verifier.verify(header, body, clock.instant());
        Reason reason = switch (verdict.kind()) {
            case VALID -> null;
            case BAD_SIGNATURE -> Reason.BAD_SIGNATURE;
            case STALE_TIMESTAMP -> Reason.STALE_TIMESTAMP;
            case UNKNOWN_SERIAL -> Reason.UNKNOWN_SERIAL;
            case MISSING_HEADER -> Reason.MISSING_HEADER;
            case MALFORMED -> Reason.MALFORMED_HEADER;
            case PROBE -> Reason.PROBE;
        };
        if (reason != null) {
            throw new NotificationException(reason, verdict.detail());
        }
    }

    private static JsonNode json(byte[] bytes, Reason reason, String message) {
        try {
            return JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new NotificationException(reason, message);
        }
    }

    @Override
    public String toString() {
        return "NotificationParser[keys=" + keys.get().serials() + ", window=" + window.getSeconds() + "s, maxBodyBytes="
                + maxBodyBytes + ", apiV3Key=redacted]";
    }

    /** Not thread-safe; {@link #build()} checks every field and names the one at fault. */
    public static final class Builder {
        private Supplier<VerificationKeys> keys;
        private ApiV3Key apiV3Key;
        private Clock clock = Clock.systemUTC();
        private Duration window = AnswerVerifier.DEFAULT_WINDOW;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

        private Builder() {
        }

        /** The WeChat Pay keys that may sign callbacks, chosen by {@code Wechatpay-Serial}. Required. */
        public Builder keys(VerificationKeys keys) {
            this.keys = keys == null ? null : () -> keys;
            return this;
        }

        /** The keys of a client's key ring, as they are at each callback. */
        public Builder keys(KeyRing ring) {
            this.keys = ring == null ? null : ring::current;
            return this;
        }

        /** The merchant's APIv3 key, which decrypts the resource. Required. */
        public Builder apiV3Key(ApiV3Key apiV3Key) {
            this.apiV3Key = apiV3Key;
            return this;
        }

        /** The clock that judges {@code Wechatpay-Timestamp}; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How far {@code Wechatpay-Timestamp} may be off, exclusive, whole seconds; 300 s by default. */
        public Builder window(Duration window) {
            this.window = window;
            return this;
        }

        /** The largest body accepted, in bytes; 64 KiB by default (callbacks are about 1 KiB). */
        public Builder maxBodyBytes(int maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        public NotificationParser build() {
            if (keys == null) {
                throw new IllegalArgumentException("keys: expected the WeChat Pay verification keys, found null");
            }
            if (apiV3Key == null) {
                throw new IllegalArgumentException("apiV3Key: expected the merchant's APIv3 key, found null");
            }
            if (clock == null) {
                throw new IllegalArgumentException("clock: expected a clock, found null");
            }
            if (window == null || window.getSeconds() < 1 || window.getNano() != 0) {
                throw new IllegalArgumentException("window: expected a positive whole number of seconds, found "
                        + window);
            }
            if (maxBodyBytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes: expected at least 1, found " + maxBodyBytes);
            }
            return new NotificationParser(this);
        }
    }
}
