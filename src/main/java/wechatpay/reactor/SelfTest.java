package wechatpay.reactor;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.SelfTestReport.Culprit;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.Nonces;
import wechatpay.reactor.internal.Oaep;

/**
 * {@code POST /v3/security/echo}, once, without retries: a random message in clear and RSA-OAEP encrypted for the
 * WeChat Pay key the client trusts first; the answer verified like any other. A failure becomes a report naming
 * the culprit, never an error.
 */
final class SelfTest {
    static final String ECHO = "v3/security/echo";

    private SelfTest() {
    }

    static Mono<SelfTestReport> run(WechatPayClient client) {
        return Mono.defer(() -> {
            String message = "selftest-" + Nonces.random();
            Map<String, String> body = new LinkedHashMap<>();
            body.put("echo_message", message);
            VerificationKeys keys = client.keyRing().current();
            Instant now = client.clock().instant();
            Chain echo = client.chain(ECHO).withoutRetry();
            if (!keys.isEmpty()) {
                String serial = keys.preferredSerial(now);
                Optional<PublicKey> key = keys.find(serial, now);
                if (key.isPresent()) {
                    body.put("encrypted_echo_message", Oaep.encrypt(key.get(), message.getBytes(StandardCharsets.UTF_8)));
                    echo = echo.header(Headers.WECHATPAY_SERIAL, serial);
                }
            }
            return echo.post(body).map(answer -> report(client, answer, message, body.size() > 1));
        }).subscribeOn(Schedulers.boundedElastic())     // RSA-OAEP pads with SecureRandom: see Contracts.presign
                .onErrorResume(e -> Mono.just(failure(e)));
    }

    private static SelfTestReport report(WechatPayClient client, ApiResponse<JsonNode> answer, String message,
            boolean encrypted) {
        Optional<Duration> skew = header(answer, Headers.WECHATPAY_TIMESTAMP).flatMap(ts -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(ts) - client.clock().instant().getEpochSecond()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
        JsonNode body = answer.body();
        String echoed = body == null ? null : body.path("echo_message").asString(null);
        Optional<Boolean> oaep = !encrypted || body == null || !body.has("decrypted_echo_message") ? Optional.empty()
                : Optional.of(message.equals(body.path("decrypted_echo_message").asString(null)));
        boolean passed = message.equals(echoed) && oaep.orElse(true);
        String detail = passed ? "WeChat Pay accepted the signature, its answer verified, and the echo came back"
                : !message.equals(echoed) ? "the answer verified but did not echo the message"
                : "WeChat Pay did not decrypt the echo encrypted for its key";
        return new SelfTestReport(passed, passed ? Culprit.NONE : message.equals(echoed) ? Culprit.WECHATPAY_KEY
                : Culprit.OTHER, detail, header(answer, Headers.WECHATPAY_SERIAL), skew, oaep,
                Optional.ofNullable(answer.requestId()));
    }

    /** {@link ApiResponse#headers()} already ignores case. */
    private static Optional<String> header(ApiResponse<?> answer, String name) {
        return Optional.ofNullable(answer.headers().get(name));
    }

    static SelfTestReport failure(Throwable e) {
        Optional<String> requestId = e instanceof WechatPayException w ? Optional.ofNullable(w.requestId())
                : Optional.empty();
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return SelfTestReport.failed(culprit(e), detail, requestId);
    }

    private static Culprit culprit(Throwable e) {
        if (e instanceof WechatPayTransportException) {
            return Culprit.NETWORK;
        }
        if (e instanceof WechatPayVerificationException v) {
            return v.reason() == WechatPayVerificationException.Reason.STALE_TIMESTAMP ? Culprit.CLOCK
                    : Culprit.WECHATPAY_KEY;
        }
        if (!(e instanceof WechatPayServiceException s)) {
            return Culprit.OTHER;
        }
        if (s.field() != null && s.field().contains("encrypted_echo_message")) {
            return Culprit.WECHATPAY_KEY;     // what we encrypted for the key we trust does not open on its side
        }
        if (!s.isAboutMerchant()) {
            return Culprit.OTHER;
        }
        String ours = String.valueOf(s.getMessage());
        if (ours.contains("the same on both sides")) {
            return Culprit.MERCHANT_KEY;
        }
        if (ours.contains("the timestamp differs")) {
            return Culprit.CLOCK;
        }
        String theirs = s.serverMessage().toLowerCase(Locale.ROOT);
        if (theirs.contains("timestamp") || theirs.contains("时间戳")) {
            return Culprit.CLOCK;
        }
        if (theirs.contains("serial") || theirs.contains("序列号")) {
            return Culprit.MERCHANT_SERIAL;
        }
        if (theirs.contains("mchid") || theirs.contains("商户号") || "MCH_NOT_EXISTS".equals(s.code())) {
            return Culprit.MCHID;
        }
        if (ours.contains(" differ")) {
            return Culprit.OTHER;          // the request changed on the way: a proxy
        }
        return "SIGN_ERROR".equals(s.code()) ? Culprit.MERCHANT_KEY : Culprit.OTHER;
    }
}
