package wechatpay.reactor.internal;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Key pairs and self-signed certificates for the sandbox and tests: never for production identities. */
public final class Certificates {
    private Certificates() {
    }

    public static KeyPair rsaKeyPair(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed X.509 v3 certificate with the given serial and validity, signed SHA256withRSA. */
    public static X509Certificate selfSigned(KeyPair pair, String commonName, BigInteger serial,
            Instant notBefore, Instant notAfter) {
        try {
            X500Name name = new X500Name("CN=" + commonName + ",O=wechatpay-reactor sandbox");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial,
                    Date.from(notBefore), Date.from(notAfter), name, pair.getPublic());
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(Rsa.ALGORITHM).build(pair.getPrivate())));
        } catch (OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("cannot make a self-signed certificate: " + e.getClass().getSimpleName());
        }
    }
}
