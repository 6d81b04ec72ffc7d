package wechatpay.reactor.notification;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.notification.CallbackFixtures.AAD;
import static wechatpay.reactor.notification.CallbackFixtures.IDENTITY;
import static wechatpay.reactor.notification.CallbackFixtures.NOW;
import static wechatpay.reactor.notification.CallbackFixtures.deductionResource;
import static wechatpay.reactor.notification.CallbackFixtures.envelope;
import static wechatpay.reactor.notification.CallbackFixtures.sign;
import static wechatpay.reactor.notification.CallbackFixtures.signed;
import static wechatpay.reactor.notification.NotificationException.Reason.BAD_ENVELOPE;
import static wechatpay.reactor.notification.NotificationException.Reason.BAD_RESOURCE;
import static wechatpay.reactor.notification.NotificationException.Reason.BAD_SIGNATURE;
import static wechatpay.reactor.notification.NotificationException.Reason.DECRYPTION_FAILED;
import static wechatpay.reactor.notification.NotificationException.Reason.EMPTY_BODY;
import static wechatpay.reactor.notification.NotificationException.Reason.MALFORMED_HEADER;
import static wechatpay.reactor.notification.NotificationException.Reason.MISSING_HEADER;
import static wechatpay.reactor.notification.NotificationException.Reason.NOT_JSON;
import static wechatpay.reactor.notification.NotificationException.Reason.PROBE;
import static wechatpay.reactor.notification.NotificationException.Reason.STALE_TIMESTAMP;
import static wechatpay.reactor.notification.NotificationException.Reason.TOO_LARGE;
import static wechatpay.reactor.notification.NotificationException.Reason.UNKNOWN_SERIAL;
import static wechatpay.reactor.notification.NotificationException.Reason.UNSUPPORTED_ALGORITHM;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.ApiV3Key;
import wechatpay.reactor.VerificationKeys;
import wechatpay.reactor.internal.Certificates;
import wechatpay.reactor.notification.CallbackFixtures.Signed;
import wechatpay.reactor.notification.NotificationException.Reason;

/**
 * The bad-callback catalogue: each case is refused with its own {@link Reason}, before the application's handler
 * sees anything, and the message carries no signature, key, ciphertext or plaintext.
 */
class NotificationCatalogueTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String PAY = Notification.DeductionPaid.EVENT_TYPE;
    private static final NotificationParser PARSER = CallbackFixtures.parser();
    private static final java.security.KeyPair FORGER = Certificates.rsaKeyPair(2048);
    private static final NotificationParser WRONG_KEY = NotificationParser.builder()
            .keys(VerificationKeys.ofPublicKey(IDENTITY.publicKeyId(), IDENTITY.wechatPayKeys().getPublic()))
            .apiV3Key(ApiV3Key.of("0123456789abcdefghijABCDEFGHIJ01"))
            .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

    static Stream<Arguments> catalogue() {
        Signed good = good();
        long now = NOW.getEpochSecond();
        byte[] body = good.body();
        return Stream.of(
                bad("no Wechatpay-Timestamp", good.without("Wechatpay-Timestamp"), MISSING_HEADER),
                bad("no Wechatpay-Nonce", good.without("Wechatpay-Nonce"), MISSING_HEADER),
                bad("no Wechatpay-Signature", good.without("Wechatpay-Signature"), MISSING_HEADER),
                bad("no Wechatpay-Serial", good.without("Wechatpay-Serial"), MISSING_HEADER),
                bad("timestamp 300 s old", sign(body, now - 300), STALE_TIMESTAMP),
                bad("timestamp 300 s ahead", sign(body, now + 300), STALE_TIMESTAMP),
                bad("a WECHATPAY/SIGNTEST/ probe", good.with("Wechatpay-Signature",
                        "WECHATPAY/SIGNTEST/" + good.signature()), PROBE),
                bad("an unknown serial", good.with("Wechatpay-Serial", "PUB_KEY_ID_0199999999999999999999999999"),
                        UNKNOWN_SERIAL),
                bad("one changed body byte", good.withBody(flip(body, body.length / 2)), BAD_SIGNATURE),
                bad("signed by another key", sign(body, now, FORGER.getPrivate()),
                        BAD_SIGNATURE),
                bad("a timestamp that is not a number", good.with("Wechatpay-Timestamp", "yesterday"),
                        MALFORMED_HEADER),
                bad("a signature that is not Base64", good.with("Wechatpay-Signature", "%%not-base64%%"),
                        MALFORMED_HEADER),
                bad("a changed ciphertext byte", sealed(c -> flip(c, 0)), DECRYPTION_FAILED),
                bad("a changed tag byte", sealed(c -> flip(c, c.length - 1)), DECRYPTION_FAILED),
                bad("a changed associated_data", resource(r -> r.put("associated_data", "credit_repaymenT")),
                        DECRYPTION_FAILED),
                bad("a changed nonce", resource(r -> r.put("nonce", "8fN2kQ0xZs7x")), DECRYPTION_FAILED),
                bad("a ciphertext that is not Base64", resource(r -> r.put("ciphertext", "@@@@")), DECRYPTION_FAILED),
                bad("a body that is not JSON", sign("<xml>还款</xml>".getBytes(UTF_8), now), NOT_JSON),
                bad("a plaintext that is not JSON", signed(envelope(PAY, "not json {".getBytes(UTF_8), AAD)),
                        BAD_RESOURCE),
                bad("a plaintext that is a JSON string", signed(envelope(PAY, "\"x\"".getBytes(UTF_8), AAD)),
                        BAD_RESOURCE),
                bad("a typed field malformed", signed(envelope(PAY, deductionResource().put("deduct_amount", "8k"))),
                        BAD_RESOURCE),
                bad("a typed field missing", signed(envelope(PAY, remove(deductionResource(), "out_trade_no"))),
                        BAD_RESOURCE),
                bad("a body over 64 KiB", good.withBody(new byte[64 * 1024 + 1]), TOO_LARGE),
                bad("an unknown algorithm", resource(r -> r.put("algorithm", "AEAD_SM4_GCM")), UNSUPPORTED_ALGORITHM),
                bad("an empty body", sign(new byte[0], now), EMPTY_BODY),
                bad("no resource", signed(remove(good(PAY), "resource")), BAD_ENVELOPE),
                bad("no id", signed(remove(good(PAY), "id")), BAD_ENVELOPE),
                bad("a create_time that is not a time", signed(good(PAY).put("create_time", "today")), BAD_ENVELOPE),
                bad("no resource.ciphertext", resource(r -> r.remove("ciphertext")), BAD_ENVELOPE),
                bad("a JSON array body", sign("[1,2]".getBytes(UTF_8), now), BAD_ENVELOPE));
    }

    // The wrong APIv3 key: the signature passes, decryption does not.
    static Stream<Arguments> wrongKey() {
        return Stream.of(Arguments.of("the wrong APIv3 key", good(), DECRYPTION_FAILED));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("catalogue")
    void refusedWithItsReason(String name, Signed callback, Reason reason) {
        assertRefused(PARSER, callback, reason);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("wrongKey")
    void wrongApiV3KeyIsRefused(String name, Signed callback, Reason reason) {
        assertRefused(WRONG_KEY, callback, reason);
    }

    // Every reason has a case; the catalogue has at least 15.
    @Test
    void everyReasonHasACase() {
        Set<Reason> covered = EnumSet.noneOf(Reason.class);
        Stream.concat(catalogue(), wrongKey()).forEach(a -> covered.add((Reason) a.get()[2]));
        assertThat(covered).containsExactlyInAnyOrder(Reason.values());
        assertThat(catalogue().count() + wrongKey().count()).isGreaterThanOrEqualTo(15);
    }

    private static void assertRefused(NotificationParser parser, Signed callback, Reason reason) {
        AtomicInteger handled = new AtomicInteger();
        Mono<String> chain = parser.parse(callback.lookup(), callback.body())
                .flatMap(n -> Mono.fromCallable(() -> {
                    handled.incrementAndGet();
                    return n.id();
                }));
        StepVerifier.create(chain)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(NotificationException.class, refused -> {
                    assertThat(refused.reason()).isEqualTo(reason);
                    assertThat(refused.isVerificationFailure()).isEqualTo(reason.isVerificationFailure());
                    assertSafe(refused.getMessage(), callback);
                }))
                .verify(TIMEOUT);
        assertThat(handled).as("the handler after parse").hasValue(0);
    }

    /** No signature, key, ciphertext or plaintext in the message. */
    private static void assertSafe(String message, Signed callback) {
        assertThat(message).doesNotContain(IDENTITY.apiV3KeyText(), "T20260301A", "信贷还款", "8000");
        String signature = callback.signature();
        if (signature != null && signature.length() > 20) {
            assertThat(message).doesNotContain(signature.substring(0, 20));
        }
        String ciphertext = good(PAY).get("resource").get("ciphertext").stringValue();
        assertThat(message).doesNotContain(ciphertext.substring(0, 16));
    }

    private static Arguments bad(String name, Signed callback, Reason reason) {
        return Arguments.of(name, callback, reason);
    }

    private static ObjectNode good(String eventType) {
        return envelope(eventType, deductionResource());
    }

    private static Signed good() {
        return signed(good(PAY));
    }

    /** The good envelope with its resource object edited, signed again (the signature passes). */
    private static Signed resource(Consumer<ObjectNode> edit) {
        ObjectNode envelope = good(PAY);
        edit.accept((ObjectNode) envelope.get("resource"));
        return signed(envelope);
    }

    /** The good envelope with the raw {@code ciphertext || tag} bytes edited, signed again. */
    private static Signed sealed(UnaryOperator<byte[]> edit) {
        return resource(r -> r.put("ciphertext", Base64.getEncoder().encodeToString(
                edit.apply(Base64.getDecoder().decode(r.get("ciphertext").stringValue())))));
    }

    private static ObjectNode remove(ObjectNode node, String field) {
        node.remove(field);
        return node;
    }

    private static byte[] flip(byte[] bytes, int at) {
        byte[] copy = Arrays.copyOf(bytes, bytes.length);
        copy[at] ^= 0x01;
        return copy;
    }
}
