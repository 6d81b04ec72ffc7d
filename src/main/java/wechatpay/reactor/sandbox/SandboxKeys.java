package wechatpay.reactor.sandbox;

import java.security.PrivateKey;
import java.util.Objects;
import java.util.Optional;
import wechatpay.reactor.sandbox.PlatformCertificates.Issued;
import wechatpay.reactor.sandbox.WechatPaySandbox.Mode;

/**
 * The WeChat Pay keys of a running sandbox: its mode (switchable while it runs, as a merchant's migration switches
 * it), the WeChat Pay public key and the rotating {@link PlatformCertificates}. Decides which key signs an answer,
 * which serials a request may name in {@code Wechatpay-Serial}, and which private key opens a field sealed for a
 * serial. A request reads the mode once, when it arrives, and keeps it to its answer. Thread-safe.
 */
final class SandboxKeys {
    private final String publicKeyId;
    private final PrivateKey publicKeyPrivate;
    private final PlatformCertificates certificates;
    private volatile Mode mode;

    SandboxKeys(SandboxIdentity identity, PlatformCertificates certificates, Mode mode) {
        this.publicKeyId = identity.publicKeyId();
        this.publicKeyPrivate = identity.wechatPayKeys().getPrivate();
        this.certificates = Objects.requireNonNull(certificates, "certificates");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    Mode mode() {
        return mode;
    }

    void mode(Mode next) {
        this.mode = Objects.requireNonNull(next, "mode");
    }

    PlatformCertificates certificates() {
        return certificates;
    }

    /**
     * The serial and key that sign an answer in {@code mode}: the public key, or a platform certificate in that mode,
     * for {@code /v3/certificates} in BOTH, or when the request names a listed certificate in BOTH; a certificate
     * the request names is the one that answers, else the one {@link PlatformCertificates#signing()} says.
     */
    Signing signing(Mode mode, String requestedSerial, boolean certificateEndpoint) {
        Optional<Issued> named = certificates.listed(requestedSerial);
        boolean useCertificate = switch (mode) {
            case PLATFORM_CERTIFICATE -> true;
            case PUBLIC_KEY -> false;
            case BOTH -> certificateEndpoint || named.isPresent();
        };
        if (!useCertificate) {
            return new Signing(publicKeyId, publicKeyPrivate);
        }
        Issued certificate = named.orElseGet(certificates::signingIssued);
        return new Signing(certificate.info().serial(), certificate.privateKey());
    }

    /** Whether a request in {@code mode} may name {@code serial}: the public key id or a listed certificate's serial. */
    boolean trusts(Mode mode, String serial) {
        boolean publicKey = publicKeyId.equals(serial);
        return switch (mode) {
            case PUBLIC_KEY -> publicKey;
            case PLATFORM_CERTIFICATE -> certificates.listed(serial).isPresent();
            case BOTH -> publicKey || certificates.listed(serial).isPresent();
        };
    }

    /** What {@code Wechatpay-Serial} must name in {@code mode}, for refusals. */
    static String rule(Mode mode) {
        return switch (mode) {
            case PUBLIC_KEY -> "the merchant's WeChat Pay public key id (PUB_KEY_ID_...)";
            case PLATFORM_CERTIFICATE -> "the serial of the merchant's platform certificate (any listed by "
                    + CertificateList.PATH + ")";
            case BOTH -> "the merchant's WeChat Pay public key id or the serial of its platform certificate (any listed by "
                    + CertificateList.PATH + ")";
        };
    }

    /** The private half of the key {@code serial} names, when the sandbox holds it: what opens a field sealed for it. */
    Optional<PrivateKey> decryptionKey(String serial) {
        if (publicKeyId.equals(serial)) {
            return Optional.of(publicKeyPrivate);
        }
        return certificates.listed(serial).map(Issued::privateKey);
    }

    /** A serial for {@code Wechatpay-Serial} and the private key that signs under it. */
    record Signing(String serial, PrivateKey key) {
        @Override
        public String toString() {
            return "Signing[" + serial + ", key=redacted]";
        }
    }
}
