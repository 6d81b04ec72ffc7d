package wechatpay.reactor;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import wechatpay.reactor.internal.Pem;
import wechatpay.reactor.internal.Rsa;

/**
 * An X.509 certificate as APIv3 uses it: a WeChat Pay platform certificate (to verify answers) or the
 * merchant's API certificate ({@code apiclient_cert.pem}, to learn the serial that goes in {@code serial_no}).
 * It gives the public key, the serial as WeChat Pay writes it (upper-case hex, no leading zeros) and the
 * validity. Immutable and thread-safe.
 *
 * <pre>{@code
 * String merchantSerial = CertificateInfo.fromPem(Path.of("apiclient_cert.pem")).serial();
 * }</pre>
 */
public final class CertificateInfo {
    private final X509Certificate certificate;
    private final String serial;

    private CertificateInfo(X509Certificate certificate) {
        this.certificate = certificate;
        this.serial = serialOf(certificate.getSerialNumber());
    }

    public static CertificateInfo fromPem(String pem) {
        return new CertificateInfo(Pem.certificate("certificate", pem));
    }

    public static CertificateInfo fromPem(Path file) {
        return new CertificateInfo(Pem.certificate("certificate (" + file + ")", Files.read(file)));
    }

    public static CertificateInfo of(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        Rsa.requireStrong("certificate (its public key)", certificate.getPublicKey());
        return new CertificateInfo(certificate);
    }

    /** Upper-case hex of the certificate serial, the form used in {@code serial_no} and {@code Wechatpay-Serial}. */
    public String serial() {
        return serial;
    }

    public PublicKey publicKey() {
        return certificate.getPublicKey();
    }

    public Instant notBefore() {
        return certificate.getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    /** The certificate as a PEM {@code CERTIFICATE} block, as a certificate downloader writes it to a file. */
    public String toPem() {
        return Pem.encode(certificate);
    }

    /** Inclusive at both ends, as X.509 defines validity. */
    public boolean isValidAt(Instant instant) {
        return !instant.isBefore(notBefore()) && !instant.isAfter(notAfter());
    }

    static String serialOf(BigInteger serial) {
        return serial.toString(16).toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "CertificateInfo[serial=" + serial + ", notBefore=" + notBefore()
                + ", notAfter=" + notAfter() + "]";
    }
}
