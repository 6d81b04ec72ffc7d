package wechatpay.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import wechatpay.reactor.RequestSigner;
import wechatpay.reactor.TestKeys;

/** The request side: signing message, nonce, Authorization header, and the lazy, off-thread signer. */
class SigningTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final RequestSigner SIGNER = RequestSigner.rsa(TestKeys.MERCHANT_SERIAL, TestKeys.MERCHANT.getPrivate());

    @Test
    void requestMessageHasFiveLinesWithTheBodyBytesAsSent() {
        byte[] body = "{\"openid\":\"o中\"}".getBytes(StandardCharsets.UTF_8);
        byte[] msg = SigningMessage.request("POST", "/v3/a?b=%E4%B8%AD", 1700000000L, "N", body);
        assertThat(new String(msg, StandardCharsets.UTF_8))
                .isEqualTo("POST\n/v3/a?b=%E4%B8%AD\n1700000000\nN\n{\"openid\":\"o中\"}\n");
    }

    @Test
    void responseMessageOfAnEmptyBodyEndsInTwoNewlines() {
        assertThat(SigningMessage.answer("1", "n", new byte[0])).isEqualTo("1\nn\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(SigningMessage.answer("1", "n", null)).isEqualTo("1\nn\n\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void noncesAre32AlphanumericCharactersAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String n = Nonces.random();
            assertThat(n).hasSize(32).matches("[0-9A-Za-z]{32}");
            seen.add(n);
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void everyNonceCharacterIsEquallyLikely() {
        int[] counts = new int[128];
        int nonces = 20_000;
        for (int i = 0; i < nonces; i++) {
            for (char c : Nonces.random().toCharArray()) {
                counts[c]++;
            }
        }
        // 640,000 characters over 62: 10,323 each, standard deviation about 100; a biased mapping (b % 62 over all
        // 256 byte values) would give the first 8 characters about 10,000 × 5/4.
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        double expected = nonces * 32.0 / 62;
        for (char c : alphabet.toCharArray()) {
            assertThat(counts[c]).as("count of '%s'", c).isBetween((int) (expected * 0.95), (int) (expected * 1.05));
        }
    }

    @Test
    void headerParsesBackInAnyPairOrderAndWithSpaces() {
        String ours = Authorization.header("1900000001", "SERIAL", "NONCE", 123L, "c2ln");
        assertThat(Authorization.parse(ours)).contains(Map.of("mchid", "1900000001", "serial_no", "SERIAL",
                "nonce_str", "NONCE", "timestamp", "123", "signature", "c2ln"));
        String shuffled = "WECHATPAY2-SHA256-RSA2048 signature=\"c2ln\", timestamp=\"123\",serial_no=\"SERIAL\" ,"
                + " nonce_str=\"NONCE\",mchid=\"1900000001\"";
        assertThat(Authorization.parse(shuffled)).isEqualTo(Authorization.parse(ours));
    }

    @Test
    void malformedHeadersDoNotParse() {
        assertThat(Authorization.parse(null)).isEmpty();
        assertThat(Authorization.parse("Bearer abc")).isEmpty();
        assertThat(Authorization.parse("WECHATPAY2-SHA256-RSA2048 mchid=1")).isEmpty();
        assertThat(Authorization.parse("WECHATPAY2-SHA256-RSA2048 mchid=\"1")).isEmpty();
        assertThat(Authorization.parse("WECHATPAY2-SHA256-RSA2048 mchid=\"1\" nonce_str=\"2\"")).isEmpty();
        assertThat(Authorization.parse("WECHATPAY2-SHA256-RSA2048 mchid=\"1\",mchid=\"2\"")).isEmpty();
    }

    @Test
    void authorizerSignsTheMessageOfItsClockAndNonce() {
        Clock frozen = Clock.fixed(Instant.ofEpochSecond(1_764_000_000L), ZoneOffset.UTC);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String header = new RequestAuthorizer("1900000001", SIGNER, frozen, () -> "FIXEDNONCE")
                .sign("POST", "/v3/x", body).map(RequestAuthorizer.Signed::header).block(TIMEOUT);
        Map<String, String> pairs = Authorization.parse(header).orElseThrow();
        assertThat(pairs).containsEntry("mchid", "1900000001").containsEntry("nonce_str", "FIXEDNONCE")
                .containsEntry("timestamp", "1764000000").containsEntry("serial_no", TestKeys.MERCHANT_SERIAL);
        byte[] message = SigningMessage.request("POST", "/v3/x", 1_764_000_000L, "FIXEDNONCE", body);
        assertThat(Rsa.verify(TestKeys.MERCHANT.getPublic(), null, message,
                Base64.getDecoder().decode(pairs.get("signature")))).isTrue();
    }

    @Test
    void nothingIsSignedBeforeSubscriptionAndEverySubscriptionSignsAnew() {
        AtomicInteger signed = new AtomicInteger();
        RequestSigner counting = new RequestSigner() {
            public String serial() {
                return "S";
            }

            public Mono<String> sign(byte[] message) {
                return Mono.fromCallable(() -> "sig" + signed.incrementAndGet());
            }
        };
        Mono<String> header = new RequestAuthorizer("1", counting, java.time.Clock.systemUTC(), Nonces::random)
                .sign("GET", "/v3/x", new byte[0]).map(RequestAuthorizer.Signed::header);
        assertThat(signed).hasValue(0);
        String first = header.block(TIMEOUT);
        String second = header.block(TIMEOUT);
        assertThat(signed).hasValue(2);
        assertThat(Authorization.parse(first).orElseThrow().get("nonce_str"))
                .isNotEqualTo(Authorization.parse(second).orElseThrow().get("nonce_str"));
    }

    @Test
    void theLocalSignerRunsOnTheParallelSchedulerNotTheCallersThread() {
        AtomicReference<String> thread = new AtomicReference<>();
        StepVerifier.create(SIGNER.sign(new byte[] {1}).doOnNext(s -> thread.set(Thread.currentThread().getName())))
                .expectNextCount(1).expectComplete().verify(TIMEOUT);
        assertThat(thread.get()).startsWith("parallel-");
    }

    @Test
    void theLocalSignerIsLazy() {
        AtomicInteger subscribed = new AtomicInteger();
        Mono<String> sig = SIGNER.sign(new byte[] {1}).doOnSubscribe(s -> subscribed.incrementAndGet());
        assertThat(subscribed).hasValue(0);
        sig.block(TIMEOUT);
        assertThat(subscribed).hasValue(1);
    }

    @Test
    void signerValidatesItsInputsAndRedactsItsKey() {
        assertThatThrownBy(() -> RequestSigner.rsa(" ", TestKeys.MERCHANT.getPrivate()))
                .hasMessage("merchant serial: expected the API certificate serial, found a blank string");
        assertThatThrownBy(() -> RequestSigner.rsa("S", Certificates.rsaKeyPair(1024).getPrivate()))
                .hasMessage("merchant private key: expected an RSA key of at least 2048 bits, found 1024 bits");
        String modulus = ((java.security.interfaces.RSAPrivateKey) TestKeys.MERCHANT.getPrivate()).getModulus().toString();
        assertThat(SIGNER.toString()).contains(TestKeys.MERCHANT_SERIAL).contains("redacted")
                .doesNotContain(modulus.substring(0, 20));
    }
}
