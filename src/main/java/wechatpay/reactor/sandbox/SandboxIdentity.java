package wechatpay.reactor.sandbox;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import wechatpay.reactor.ApiV3Key;
import wechatpay.reactor.CertificateInfo;
import wechatpay.reactor.internal.AesGcm;
import wechatpay.reactor.internal.Certificates;
import wechatpay.reactor.internal.Pem;

/**
 * The credentials of one sandbox world: the merchant's API key pair and serial, WeChat Pay's public key and
 * its id, a platform certificate, and the APIv3 key. Generated, never production material. Generating takes
 * a few hundred milliseconds of RSA work, so tests that start many sandboxes share one identity.
 * {@code toString()} shows ids only.
 */
public final class SandboxIdentity {
    public static final String DEFAULT_MCHID = "1900000001";

    private final String mchid;
    private final String merchantSerial;
    private final KeyPair merchantKeys;
    private final String publicKeyId;
    private final KeyPair wechatPayKeys;
    private final CertificateInfo platformCertificate;
    private final X509Certificate platformX509;
    private final KeyPair platformKeys;
    private final String apiV3Key;

    private SandboxIdentity(String mchid, String merchantSerial, KeyPair merchantKeys, String publicKeyId,
            KeyPair wechatPayKeys, X509Certificate platformX509, KeyPair platformKeys, String apiV3Key) {
        this.mchid = mchid;
        this.merchantSerial = merchantSerial;
        this.merchantKeys = merchantKeys;
        this.publicKeyId = publicKeyId;
        this.wechatPayKeys = wechatPayKeys;
        this.platformX509 = platformX509;
        this.platformCertificate = CertificateInfo.of(platformX509);
        this.platformKeys = platformKeys;
        this.apiV3Key = apiV3Key;
        ApiV3Key.of(apiV3Key);
    }

    /** Fresh keys: merchant, WeChat Pay public key, platform certificate (valid a year around now), APIv3 key. */
    public static SandboxIdentity generate() {
        SecureRandom random = new SecureRandom();
        KeyPair platform = Certificates.rsaKeyPair(2048);
        Instant now = Instant.now();
        X509Certificate cert = Certificates.selfSigned(platform, "WeChat Pay sandbox platform",
                new BigInteger(128, random).setBit(127), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
        return new SandboxIdentity(DEFAULT_MCHID, new BigInteger(160, random).setBit(159).toString(16).toUpperCase(),
                Certificates.rsaKeyPair(2048), "PUB_KEY_ID_01" + digits(random, 26), Certificates.rsaKeyPair(2048),
                cert, platform, alphanumeric(random, 32));
    }

    /** The platform certificate as PEM, as WeChat Pay hands it out (sealed) and the state file writes it. */
    String platformCertificatePem() {
        return Pem.encode(platformX509);
    }

    /**
     * The private half of the WeChat Pay key that {@code serial} names (the public key id or the platform
     * certificate serial): what opens a sensitive field encrypted for it.
     */
    PrivateKey decryptionKey(String serial) {
        if (publicKeyId.equals(serial)) {
            return wechatPayKeys.getPrivate();
        }
        if (platformCertificate.serial().equals(serial)) {
            return platformKeys.getPrivate();
        }
        throw new IllegalArgumentException("Wechatpay-Serial " + serial + " names no WeChat Pay key of this sandbox");
    }

    /** Seals {@code plaintext} under the APIv3 key as WeChat Pay does: {@code Base64(ciphertext || tag)}. */
    String seal(String nonce, String associatedData, byte[] plaintext) {
        return AesGcm.encrypt(apiV3Key.getBytes(StandardCharsets.UTF_8), nonce, associatedData, plaintext);
    }

    public String mchid() {
        return mchid;
    }

    public String merchantSerial() {
        return merchantSerial;
    }

    public KeyPair merchantKeys() {
        return merchantKeys;
    }

    public String publicKeyId() {
        return publicKeyId;
    }

    public KeyPair wechatPayKeys() {
        return wechatPayKeys;
    }

    /**
     * The first platform certificate: what a sandbox starts with. After a rotation the sandbox's
     * {@link WechatPaySandbox#platformCertificates()} says which are listed and which signs.
     */
    public CertificateInfo platformCertificate() {
        return platformCertificate;
    }

    public KeyPair platformKeys() {
        return platformKeys;
    }

    /** The APIv3 key as text: needed by clients to decrypt certificates and callbacks. */
    public String apiV3KeyText() {
        return apiV3Key;
    }

    public ApiV3Key apiV3Key() {
        return ApiV3Key.of(apiV3Key);
    }

    private static String digits(SecureRandom random, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + random.nextInt(10)));
        }
        return b.toString();
    }

    private static String alphanumeric(SecureRandom random, int n) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "SandboxIdentity[mchid=" + mchid + ", merchantSerial=" + merchantSerial + ", publicKeyId=" + publicKeyId
                + ", platformSerial=" + platformCertificate.serial() + ", keys=redacted]";
    }
}
