package wechatpay.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wechatpay.reactor.CertificateInfo;
import wechatpay.reactor.TestKeys;
import wechatpay.reactor.VerificationKeys;
import wechatpay.reactor.internal.Verdict.Kind;

/** One test per verdict, over raw body bytes, with the clock passed in. */
class AnswerVerifierTest {
    private static final Instant NOW = Instant.parse("2026-11-27T04:00:00Z");
    private static final KeyPair WECHATPAY = TestKeys.WECHATPAY;
    private static final String ID = TestKeys.PUBLIC_KEY_ID;
    private static final byte[] BODY = "{\"schedule_records\":[{\"out_record_id\":\"A1\",\"openid\":\"o\u4e2d\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    private static final AnswerVerifier VERIFIER = new AnswerVerifier(VerificationKeys.ofPublicKey(ID, WECHATPAY.getPublic()));

    /** Headers of an answer signed at {@code at} by {@code pair}, as WeChat Pay sends them. */
    private static Map<String, String> signed(KeyPair pair, String serial, Instant at, byte[] body) {
        String ts = Long.toString(at.getEpochSecond());
        String nonce = Nonces.random();
        byte[] sig = Rsa.sign(pair.getPrivate(), null, SigningMessage.answer(ts, nonce, body));
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.put(Headers.WECHATPAY_TIMESTAMP, ts);
        h.put(Headers.WECHATPAY_NONCE, nonce);
        h.put(Headers.WECHATPAY_SIGNATURE, Base64.getEncoder().encodeToString(sig));
        h.put(Headers.WECHATPAY_SERIAL, serial);
        return h;
    }

    private static Verdict verify(Map<String, String> headers, byte[] body, Instant now) {
        return VERIFIER.verify(headers::get, body, now);
    }

    @Test
    void aGenuineAnswerIsValid() {
        Verdict v = verify(signed(WECHATPAY, ID, NOW, BODY), BODY, NOW);
        assertThat(v.kind()).isEqualTo(Kind.VALID);
        assertThat(v.isValid()).isTrue();
    }

    @Test
    void headerNamesAreMatchedWhateverTheirCase() {
        Map<String, String> lower = new HashMap<>();
        signed(WECHATPAY, ID, NOW, BODY).forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        assertThat(VERIFIER.verify(name -> lower.get(name.toLowerCase(java.util.Locale.ROOT)), BODY, NOW).kind())
                .isEqualTo(Kind.VALID);
    }

    @Test
    void anEmptyBodyOf204IsVerifiedOverTimestampNonceAndTwoNewlines() {
        Map<String, String> h = signed(WECHATPAY, ID, NOW, new byte[0]);
        assertThat(verify(h, new byte[0], NOW).kind()).isEqualTo(Kind.VALID);
        assertThat(verify(h, null, NOW).kind()).isEqualTo(Kind.VALID);
        assertThat(verify(h, "{}".getBytes(StandardCharsets.UTF_8), NOW).kind()).isEqualTo(Kind.BAD_SIGNATURE);
    }

    @Test
    void oneAlteredBodyByteIsABadSignature() {
        byte[] altered = BODY.clone();
        altered[altered.length - 3] ^= 1;
        Verdict v = verify(signed(WECHATPAY, ID, NOW, BODY), altered, NOW);
        assertThat(v.kind()).isEqualTo(Kind.BAD_SIGNATURE);
        assertThat(v.detail()).contains(ID).contains("forged or altered");
    }

    @Test
    void aSignatureByAnotherKeyIsABadSignature() {
        assertThat(verify(signed(TestKeys.MERCHANT, ID, NOW, BODY), BODY, NOW).kind()).isEqualTo(Kind.BAD_SIGNATURE);
    }

    @Test
    void theBodyIsVerifiedAsRawBytesNotAsReEncodedText() {
        byte[] spaced = "{ \"a\" : 1 }".getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = signed(WECHATPAY, ID, NOW, spaced);
        assertThat(verify(h, spaced, NOW).kind()).isEqualTo(Kind.VALID);
        assertThat(verify(h, "{\"a\":1}".getBytes(StandardCharsets.UTF_8), NOW).kind()).isEqualTo(Kind.BAD_SIGNATURE);
    }

    @ParameterizedTest(name = "skew {0} s")
    @ValueSource(longs = {-299, 299, 0})
    void timestampsLessThan300SecondsOffEitherWayAreAccepted(long skew) {
        assertThat(verify(signed(WECHATPAY, ID, NOW.minusSeconds(skew), BODY), BODY, NOW).kind()).isEqualTo(Kind.VALID);
    }

    @ParameterizedTest(name = "skew {0} s")
    @ValueSource(longs = {-300, 300, -301, 301, 86_400, -86_400})
    void timestamps300SecondsOrMoreOffAreStaleLikeTheOfficialSdks(long skew) {
        Verdict v = verify(signed(WECHATPAY, ID, NOW.minusSeconds(skew), BODY), BODY, NOW);
        assertThat(v.kind()).isEqualTo(Kind.STALE_TIMESTAMP);
        assertThat(v.detail()).contains(Math.abs(skew) + " s").contains(skew > 0 ? "old" : "in the future");
    }

    @Test
    void theWindowIsConfigurable() {
        AnswerVerifier strict = new AnswerVerifier(VerificationKeys.ofPublicKey(ID, WECHATPAY.getPublic()),
                Duration.ofSeconds(30), null);
        assertThat(strict.verify(signed(WECHATPAY, ID, NOW.minusSeconds(29), BODY)::get, BODY, NOW).kind())
                .isEqualTo(Kind.VALID);
        assertThat(strict.verify(signed(WECHATPAY, ID, NOW.minusSeconds(30), BODY)::get, BODY, NOW).kind())
                .isEqualTo(Kind.STALE_TIMESTAMP);
    }

    @Test
    void aSigntestProbeFailsAsAProbeWithoutABase64Crash() {
        Map<String, String> h = signed(WECHATPAY, ID, NOW, BODY);
        h.put(Headers.WECHATPAY_SIGNATURE, "WECHATPAY/SIGNTEST/" + h.get(Headers.WECHATPAY_SIGNATURE));
        Verdict v = verify(h, BODY, NOW);
        assertThat(v.kind()).isEqualTo(Kind.PROBE);
        assertThat(v.isValid()).isFalse();
    }

    @Test
    void anUnknownSerialIsReportedWithTheKnownOnes() {
        Verdict v = verify(signed(WECHATPAY, "PUB_KEY_ID_0000000000000000000000000999", NOW, BODY), BODY, NOW);
        assertThat(v.kind()).isEqualTo(Kind.UNKNOWN_SERIAL);
        assertThat(v.detail()).contains("PUB_KEY_ID_0000000000000000000000000999").contains(ID);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Headers.WECHATPAY_TIMESTAMP, Headers.WECHATPAY_NONCE, Headers.WECHATPAY_SIGNATURE,
            Headers.WECHATPAY_SERIAL})
    void eachMissingOrBlankHeaderIsNamed(String header) {
        Map<String, String> h = signed(WECHATPAY, ID, NOW, BODY);
        h.remove(header);
        assertThat(verify(h, BODY, NOW)).isEqualTo(new Verdict(Kind.MISSING_HEADER, header + " is missing"));
        h.put(header, "  ");
        assertThat(verify(h, BODY, NOW).kind()).isEqualTo(Kind.MISSING_HEADER);
    }

    @Test
    void aSignatureThatIsNotBase64IsMalformed() {
        Map<String, String> h = signed(WECHATPAY, ID, NOW, BODY);
        h.put(Headers.WECHATPAY_SIGNATURE, "not base64 at all!");
        assertThat(verify(h, BODY, NOW)).isEqualTo(new Verdict(Kind.MALFORMED, "Wechatpay-Signature is not Base64"));
    }

    @Test
    void aSignatureOfTheWrongLengthIsMalformed() {
        Map<String, String> h = signed(WECHATPAY, ID, NOW, BODY);
        h.put(Headers.WECHATPAY_SIGNATURE, Base64.getEncoder().encodeToString(new byte[64]));
        Verdict v = verify(h, BODY, NOW);
        assertThat(v.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(v.detail()).contains("64 bytes").contains("256");
    }

    @Test
    void aTimestampThatIsNotANumberIsMalformed() {
        Map<String, String> h = signed(WECHATPAY, ID, NOW, BODY);
        h.put(Headers.WECHATPAY_TIMESTAMP, "2026-11-27T04:00:00Z");
        assertThat(verify(h, BODY, NOW).kind()).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void detailsNeverContainTheSignature() {
        Map<String, String> h = signed(TestKeys.MERCHANT, ID, NOW, BODY);
        String sig = h.get(Headers.WECHATPAY_SIGNATURE);
        assertThat(verify(h, BODY, NOW).detail()).doesNotContain(sig.substring(0, 12));
    }

    @Test
    void platformCertificateModeRespectsValidity() {
        CertificateInfo cert = CertificateInfo.of(Certificates.selfSigned(WECHATPAY, "platform",
                new BigInteger("7132D72A03E93CDDF8C03BBD1F37EEDF", 16),
                NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1))));
        AnswerVerifier byCert = new AnswerVerifier(VerificationKeys.builder().certificate(cert).build());
        String serial = "7132D72A03E93CDDF8C03BBD1F37EEDF";
        assertThat(byCert.verify(signed(WECHATPAY, serial, NOW, BODY)::get, BODY, NOW).kind()).isEqualTo(Kind.VALID);
        Instant later = NOW.plus(Duration.ofDays(2));
        Verdict expired = byCert.verify(signed(WECHATPAY, serial, later, BODY)::get, BODY, later);
        assertThat(expired.kind()).isEqualTo(Kind.UNKNOWN_SERIAL);
        assertThat(expired.detail()).contains("outside its validity");
    }

    @Test
    void bothModesAtOnceDuringAMigrationTheSerialChoosesTheKey() {
        KeyPair oldPlatform = TestKeys.MERCHANT;  // any other RSA pair stands in for the old platform key
        CertificateInfo cert = CertificateInfo.of(Certificates.selfSigned(oldPlatform, "platform", BigInteger.TEN,
                NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1))));
        AnswerVerifier both = new AnswerVerifier(VerificationKeys.builder()
                .publicKey(ID, WECHATPAY.getPublic()).certificate(cert).build(), AnswerVerifier.DEFAULT_WINDOW,
                new BouncyCastleProvider());
        assertThat(both.verify(signed(WECHATPAY, ID, NOW, BODY)::get, BODY, NOW).kind()).isEqualTo(Kind.VALID);
        assertThat(both.verify(signed(oldPlatform, "A", NOW, BODY)::get, BODY, NOW).kind()).isEqualTo(Kind.VALID);
        assertThat(both.verify(signed(WECHATPAY, "A", NOW, BODY)::get, BODY, NOW).kind()).isEqualTo(Kind.BAD_SIGNATURE);
    }
}
