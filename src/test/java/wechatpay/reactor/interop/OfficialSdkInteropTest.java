package wechatpay.reactor.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.wechat.pay.java.core.auth.WechatPay2Credential;
import com.wechat.pay.java.core.auth.WechatPay2Validator;
import com.wechat.pay.java.core.certificate.InMemoryCertificateProvider;
import com.wechat.pay.java.core.cipher.AeadAesCipher;
import com.wechat.pay.java.core.cipher.RSAPrivacyDecryptor;
import com.wechat.pay.java.core.cipher.RSAPrivacyEncryptor;
import com.wechat.pay.java.core.cipher.RSASigner;
import com.wechat.pay.java.core.cipher.RSAVerifier;
import com.wechat.pay.java.core.cipher.Verifier;
import com.wechat.pay.java.core.http.HttpHeaders;
import com.wechat.pay.java.core.util.PemUtil;
import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import wechatpay.reactor.ApiV3Key;
import wechatpay.reactor.CertificateInfo;
import wechatpay.reactor.PrivateKeys;
import wechatpay.reactor.PublicKeys;
import wechatpay.reactor.RequestSigner;
import wechatpay.reactor.VerificationKeys;
import wechatpay.reactor.internal.AesGcm;
import wechatpay.reactor.internal.Authorization;
import wechatpay.reactor.internal.Certificates;
import wechatpay.reactor.internal.Oaep;
import wechatpay.reactor.internal.Pem;
import wechatpay.reactor.internal.RequestAuthorizer;
import wechatpay.reactor.internal.AnswerVerifier;
import wechatpay.reactor.internal.RsaRequestSigner;
import wechatpay.reactor.internal.SigningMessage;
import wechatpay.reactor.internal.Verdict;

/** Byte-for-byte interoperability with the official WeChat Pay Java SDK (com.github.wechatpay-apiv3:wechatpay-java). */
class OfficialSdkInteropTest {
    private static final String MCHID = "1900000109";
    private static final String MERCHANT_SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
    private static final String PUB_KEY_ID = "PUB_KEY_ID_0114232134912410000000000000";
    private static final String BASE = "https://api.mch.weixin.qq.com";
    private static final String SCHEDULE_PATH = "/v3/credit-repayment/partner/schedule-records/batch-create";
    private static final String SCHEDULE_BODY = "{\"contract_id\":\"C1\",\"appid\":\"wx8888888888888888\","
            + "\"openid\":\"o1\",\"schedule_items\":[{\"out_record_id\":\"R20260301A\",\"sub_mchid\":\"1900000110\","
            + "\"repayment_amount\":\"10000\",\"repayment_date\":\"2026-03-01\",\"description\":\"预约还款\"}]}";
    private static final String RESPONSE_BODY = "{\"schedule_records\":[{\"out_record_id\":\"R20260301A\","
            + "\"repayment_amount\":\"10000\",\"description\":\"预约还款\"}]}";

    private static final KeyPair MERCHANT = Certificates.rsaKeyPair(2048);
    private static final KeyPair WECHATPAY = Certificates.rsaKeyPair(2048);

    // The official SDK and we produce the same Authorization pairs (same signature) for a POST with a JSON body.
    @Test
    void postAuthorizationEqualsOfficialCredential() throws Exception {
        assertSameAuthorization("POST", SCHEDULE_PATH, SCHEDULE_BODY);
    }

    // Same for a GET with a query string and no body (the message ends in "\n\n").
    @Test
    void getWithQueryAuthorizationEqualsOfficialCredential() throws Exception {
        assertSameAuthorization("GET", "/v3/credit-repayment/partner/schedule-records/A1?contract_id=C1", "");
    }

    private static void assertSameAuthorization(String method, String pathAndQuery, String body) throws Exception {
        String theirs = new WechatPay2Credential(MCHID, new RSASigner(MERCHANT_SERIAL, MERCHANT.getPrivate()))
                .getAuthorization(URI.create(BASE + pathAndQuery), method, body);
        Map<String, String> theirPairs = Authorization.parse(theirs).orElseThrow();
        assertThat(theirPairs).containsOnlyKeys("mchid", "nonce_str", "timestamp", "serial_no", "signature");
        long timestamp = Long.parseLong(theirPairs.get("timestamp"));
        String nonce = theirPairs.get("nonce_str");

        RequestAuthorizer authorizer = new RequestAuthorizer(MCHID, RequestSigner.rsa(MERCHANT_SERIAL, MERCHANT.getPrivate()),
                Clock.fixed(Instant.ofEpochSecond(timestamp), ZoneOffset.UTC), () -> nonce);
        String ours = authorizer.sign(method, pathAndQuery, body.getBytes(UTF_8)).map(RequestAuthorizer.Signed::header).block(Duration.ofSeconds(10));

        assertThat(ours).startsWith("WECHATPAY2-SHA256-RSA2048 ");
        assertThat(theirs).startsWith("WECHATPAY2-SHA256-RSA2048 ");
        assertThat(Authorization.parse(ours)).contains(theirPairs);

        // The signature also verifies over the message written out literally from the spec.
        String literal = method + "\n" + pathAndQuery + "\n" + timestamp + "\n" + nonce + "\n" + body + "\n";
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(MERCHANT.getPublic());
        rsa.update(literal.getBytes(UTF_8));
        assertThat(rsa.verify(Base64.getDecoder().decode(Authorization.parse(ours).orElseThrow().get("signature"))))
                .isTrue();
    }

    // A response signed by the official SDK's RSASigner over the literal spec message is VALID for our verifier,
    // and one altered body byte makes it BAD_SIGNATURE.
    @Test
    void officialSignedResponsePassesOurVerifier() {
        long ts = 1_767_225_600L; // 2026-01-01T00:00:00Z
        String nonce = "fdasflkja484w3ouf9eiaf73ljkfdsaf";
        String signature = new RSASigner(PUB_KEY_ID, WECHATPAY.getPrivate())
                .sign(ts + "\n" + nonce + "\n" + RESPONSE_BODY + "\n").getSign();
        Function<String, String> headers = headers(Map.of("wechatpay-timestamp", Long.toString(ts),
                "wechatpay-nonce", nonce, "wechatpay-signature", signature, "wechatpay-serial", PUB_KEY_ID));
        AnswerVerifier verifier = new AnswerVerifier(VerificationKeys.ofPublicKey(PUB_KEY_ID, WECHATPAY.getPublic()));
        Instant now = Instant.ofEpochSecond(ts + 30);

        byte[] body = RESPONSE_BODY.getBytes(UTF_8);
        assertThat(verifier.verify(headers, body, now).kind()).isEqualTo(Verdict.Kind.VALID);

        byte[] altered = body.clone();
        altered[altered.length - 3] ^= 0x01;
        assertThat(verifier.verify(headers, altered, now).kind()).isEqualTo(Verdict.Kind.BAD_SIGNATURE);
    }

    // A response we sign (public-key mode) passes the official WechatPay2Validator; an altered body does not.
    @Test
    void ourSignedResponsePassesOfficialValidatorInPublicKeyMode() {
        Verifier official = new RSAVerifier(WECHATPAY.getPublic(), PUB_KEY_ID);
        assertOfficialValidatorAccepts(PUB_KEY_ID, official);
    }

    // Certificate mode: the serial we derive from a certificate is the official SDK's, and the official
    // RSAVerifier backed by an InMemoryCertificateProvider finds the certificate by it and accepts our signature.
    @Test
    void ourSignedResponsePassesOfficialValidatorInCertificateMode() {
        Instant now = Instant.now();
        X509Certificate cert = Certificates.selfSigned(WECHATPAY, "Tenpay.com Root CA",
                new BigInteger("0A1B2C3D4E5F60718293A4B5C6D7E8F901234567", 16),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
        String serial = CertificateInfo.of(cert).serial();
        assertThat(serial).isEqualTo(PemUtil.getSerialNumber(cert)).isEqualTo("A1B2C3D4E5F60718293A4B5C6D7E8F901234567");

        Verifier official = new RSAVerifier(new InMemoryCertificateProvider(List.of(cert)));
        assertOfficialValidatorAccepts(serial, official);
    }

    private static void assertOfficialValidatorAccepts(String serial, Verifier officialVerifier) {
        String ts = Long.toString(Instant.now().getEpochSecond()); // the official validator checks the clock itself
        String nonce = "b8f0a2c4d6e8f0a2c4d6e8f0a2c4d6e8";
        String signature = new RsaRequestSigner(serial, WECHATPAY.getPrivate(), null)
                .signNow(SigningMessage.answer(ts, nonce, RESPONSE_BODY.getBytes(UTF_8)));
        HttpHeaders headers = new HttpHeaders();
        headers.addHeader("Wechatpay-Timestamp", ts);
        headers.addHeader("Wechatpay-Nonce", nonce);
        headers.addHeader("Wechatpay-Signature", signature);
        headers.addHeader("Wechatpay-Serial", serial);
        headers.addHeader("Request-ID", "08F78BB5AF0610D302A1E5DE0E0041F6");

        WechatPay2Validator validator = new WechatPay2Validator(officialVerifier);
        assertThat(validator.validate(headers, RESPONSE_BODY)).isTrue();
        assertThat(validator.validate(headers, RESPONSE_BODY.replace("10000", "10001"))).isFalse();
    }

    // AEAD_AES_256_GCM: identical ciphertexts both ways, with and without associated_data, and each side
    // decrypts the other's output.
    @Test
    void aesGcmInteroperatesWithOfficialAeadAesCipher() {
        String apiV3Key = "0123456789abcdefghijABCDEFGHIJ01";
        ApiV3Key ours = ApiV3Key.of(apiV3Key);
        AeadAesCipher theirs = new AeadAesCipher(apiV3Key.getBytes(UTF_8));
        String nonce = "d215b0511e9c";
        String plaintext = "{\"event_type\":\"CREDIT_REPAYMENT.DEDUCTION_PAY\",\"description\":\"预约还款\"}";

        for (String aad : List.of("transaction", "")) {
            String ourCiphertext = AesGcm.encrypt(apiV3Key.getBytes(UTF_8), nonce, aad, plaintext.getBytes(UTF_8));
            String theirCiphertext = theirs.encrypt(aad.getBytes(UTF_8), nonce.getBytes(UTF_8), plaintext.getBytes(UTF_8));
            assertThat(ourCiphertext).isEqualTo(theirCiphertext);
            // the official decrypt takes the raw ct || tag bytes (its encrypt returns Base64)
            byte[] ourSealed = Base64.getDecoder().decode(ourCiphertext);
            assertThat(theirs.decrypt(aad.getBytes(UTF_8), nonce.getBytes(UTF_8), ourSealed)).isEqualTo(plaintext);
            assertThat(ours.decryptToString(nonce, aad, theirCiphertext)).isEqualTo(plaintext);
        }
    }

    // RSA-OAEP (SHA-1, MGF1): the official encryptor's output decrypts with ours, and ours with the official decryptor.
    @Test
    void oaepInteroperatesWithOfficialPrivacyCipher() {
        String realName = "张三";
        String officialCiphertext = new RSAPrivacyEncryptor(WECHATPAY.getPublic(), PUB_KEY_ID).encrypt(realName);
        assertThat(new String(Oaep.decrypt(WECHATPAY.getPrivate(), officialCiphertext), UTF_8)).isEqualTo(realName);

        String identityId = "110101199003071234";
        String ourCiphertext = Oaep.encrypt(WECHATPAY.getPublic(), identityId.getBytes(UTF_8));
        assertThat(Base64.getDecoder().decode(ourCiphertext)).hasSize(256);
        assertThat(new RSAPrivacyDecryptor(WECHATPAY.getPrivate()).decrypt(ourCiphertext)).isEqualTo(identityId);
    }

    // PEM: what Pem.encode writes loads with the official PemUtil, and what the official loader reads
    // (an apiclient_key.pem style PKCS#8 block) gives us the same key.
    @Test
    void pemInteroperatesWithOfficialPemUtil() {
        String ourPrivatePem = Pem.encode(MERCHANT.getPrivate());
        assertThat(PemUtil.loadPrivateKeyFromString(ourPrivatePem).getEncoded()).isEqualTo(MERCHANT.getPrivate().getEncoded());
        String ourPublicPem = Pem.encode(MERCHANT.getPublic());
        assertThat(PemUtil.loadPublicKeyFromString(ourPublicPem).getEncoded()).isEqualTo(MERCHANT.getPublic().getEncoded());

        String apiclientKeyPem = pem("PRIVATE KEY", MERCHANT.getPrivate().getEncoded());
        byte[] official = PemUtil.loadPrivateKeyFromString(apiclientKeyPem).getEncoded();
        assertThat(PrivateKeys.fromPem(apiclientKeyPem).getEncoded()).isEqualTo(official);

        String pubKeyPem = pem("PUBLIC KEY", WECHATPAY.getPublic().getEncoded());
        assertThat(PublicKeys.fromPem(pubKeyPem).getEncoded())
                .isEqualTo(PemUtil.loadPublicKeyFromString(pubKeyPem).getEncoded());
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static Function<String, String> headers(Map<String, String> values) {
        Map<String, String> ignoringCase = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ignoringCase.putAll(values);
        return ignoringCase::get;
    }
}
