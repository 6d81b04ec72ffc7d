package wechatpay.reactor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import wechatpay.reactor.internal.AesGcm;
import wechatpay.reactor.internal.AnswerVerifier;
import wechatpay.reactor.internal.Excerpt;
import wechatpay.reactor.internal.RawRequest;
import wechatpay.reactor.internal.Verdict;
import wechatpay.reactor.internal.WireReader;

/**
 * Reads a {@code GET /v3/certificates} answer: every entry decrypted with the APIv3 key (AES-256-GCM, so an entry
 * nobody with the key sealed does not open), its certificate's serial checked against {@code serial_no}, and the
 * answer's signature verified with the keys already trusted plus the certificates it carries (the first download
 * has no other anchor; the official SDKs do the same). Pure: the time and the trusted keys are passed in; a
 * problem is an {@link IllegalArgumentException} saying what, never showing a key or a ciphertext.
 */
final class PlatformCertificates {
    private static final RawRequest REQUEST = new RawRequest("GET", "/v3/certificates?algorithm_type=RSA", Map.of(),
            new byte[0]);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PlatformCertificates() {
    }

    /** {@code GET /v3/certificates?algorithm_type=RSA}. */
    static RawRequest request() {
        return REQUEST;
    }

    /**
     * @param header the answer's headers, by name in any case
     * @param body   the raw answer bytes
     */
    static List<CertificateInfo> read(Function<String, String> header, byte[] body, ApiV3Key apiV3Key,
            VerificationKeys trusted, Instant now, Duration window) {
        List<CertificateInfo> certificates = decrypt(body, apiV3Key);
        VerificationKeys anchors = withDownloaded(trusted, certificates);
        Verdict verdict = new AnswerVerifier(anchors, window, null).verify(header, body, now);
        if (!verdict.isValid()) {
            throw new IllegalArgumentException("the certificate list fails verification: " + verdict.kind() + ": "
                    + verdict.detail());
        }
        return certificates;
    }

    /** {@code keys} plus the downloaded certificates it does not hold yet. */
    static VerificationKeys withDownloaded(VerificationKeys keys, List<CertificateInfo> downloaded) {
        VerificationKeys.Builder b = keys.toBuilder();
        for (CertificateInfo c : downloaded) {
            if (!keys.contains(c.serial())) {
                b.certificate(c);
            }
        }
        return b.buildPossiblyEmpty();
    }

    /** Every entry of the answer, decrypted; nothing about its signature. */
    static List<CertificateInfo> decrypt(byte[] body, ApiV3Key apiV3Key) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the certificate list is not JSON");
        }
        List<WireReader> entries = WireReader.of(root, "certificate list").objects("data", "certificate list");
        List<CertificateInfo> out = new ArrayList<>(entries.size());
        for (WireReader entry : entries) {
            String serial = entry.text("serial_no");
            WireReader sealed = entry.optionalObject("encrypt_certificate").orElseThrow(() ->
                    new IllegalArgumentException("data[].encrypt_certificate: missing for serial " + serial));
            String algorithm = sealed.text("algorithm");
            if (!AesGcm.ALGORITHM.equals(algorithm)) {
                throw new IllegalArgumentException("certificate " + serial + ": algorithm " + Excerpt.quoted(algorithm)
                        + " is not " + AesGcm.ALGORITHM);
            }
            String pem = apiV3Key.decryptToString(sealed.text("nonce"), sealed.optionalText("associated_data").orElse(""),
                    sealed.text("ciphertext"));
            CertificateInfo certificate = CertificateInfo.fromPem(pem);
            if (!certificate.serial().equalsIgnoreCase(serial)) {
                throw new IllegalArgumentException("certificate " + serial + ": the decrypted certificate has serial "
                        + certificate.serial());
            }
            out.add(certificate);
        }
        return out;
    }
}
