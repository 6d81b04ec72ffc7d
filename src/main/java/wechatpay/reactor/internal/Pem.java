package wechatpay.reactor.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM parsing with Bouncy Castle and the one place that words key-loading errors. Every message says what
 * was expected and what was found, and never contains key material.
 */
public final class Pem {
    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");
    private static final Pattern END = Pattern.compile("-----END ([A-Z0-9 ]+)-----");
    private static final String PRIVATE = "a PEM 'PRIVATE KEY' (PKCS#8) or 'RSA PRIVATE KEY' (PKCS#1) block";
    private static final String PUBLIC = "a PEM 'PUBLIC KEY' (SPKI) or 'RSA PUBLIC KEY' (PKCS#1) block";
    private static final String CERTIFICATE = "a PEM 'CERTIFICATE' (X.509) block";

    private Pem() {
    }

    /** An RSA private key of at least 2048 bits from PKCS#8 or PKCS#1 PEM. */
    public static PrivateKey privateKey(String what, String pem) {
        for (Object o : objects(what, PRIVATE, pem)) {
            PrivateKeyInfo info = o instanceof PrivateKeyInfo pki ? pki
                    : o instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo() : null;
            if (info != null) {
                return Rsa.requireStrong(what, convert(what, PRIVATE, () -> converter().getPrivateKey(info)));
            }
            if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
                throw fail(what, PRIVATE, "an encrypted private key; decrypt it first "
                        + "(openssl pkey -in encrypted.pem -out key.pem)");
            }
        }
        throw mismatch(what, PRIVATE, pem);
    }

    /** An RSA public key of at least 2048 bits from SPKI or PKCS#1 PEM. */
    public static PublicKey publicKey(String what, String pem) {
        for (Object o : objects(what, PUBLIC, pem)) {
            if (o instanceof SubjectPublicKeyInfo spki) {
                return Rsa.requireStrong(what, convert(what, PUBLIC, () -> converter().getPublicKey(spki)));
            }
        }
        throw mismatch(what, PUBLIC, pem);
    }

    /** An X.509 certificate whose key is RSA of at least 2048 bits. */
    public static X509Certificate certificate(String what, String pem) {
        for (Object o : objects(what, CERTIFICATE, pem)) {
            if (o instanceof X509CertificateHolder holder) {
                X509Certificate cert = convert(what, CERTIFICATE,
                        () -> new JcaX509CertificateConverter().getCertificate(holder));
                Rsa.requireStrong(what + " (its public key)", cert.getPublicKey());
                return cert;
            }
        }
        throw mismatch(what, CERTIFICATE, pem);
    }

    /** PEM text of a key or certificate (PKCS#8 for private keys, SPKI for public keys). */
    public static String encode(Object keyOrCertificate) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (keyOrCertificate instanceof PrivateKey k) {
                writer.writeObject(new JcaPKCS8Generator(k, null));
            } else {
                writer.writeObject(keyOrCertificate);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static List<Object> objects(String what, String expected, String pem) {
        if (pem == null || pem.isBlank()) {
            throw fail(what, expected, "empty input");
        }
        List<String> begins = labels(BEGIN, pem);
        if (begins.isEmpty()) {
            throw fail(what, expected, "no PEM block (no '-----BEGIN ...-----' line)");
        }
        if (begins.size() != labels(END, pem).size()) {
            throw fail(what, expected, "a '" + begins.get(begins.size() - 1)
                    + "' block without its '-----END' line (truncated?)");
        }
        List<Object> out = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                out.add(o);
            }
        } catch (IOException | RuntimeException e) {
            throw fail(what, expected, describe(begins) + " whose content does not parse (truncated or corrupted)");
        }
        return out;
    }

    private static IllegalArgumentException mismatch(String what, String expected, String pem) {
        List<String> found = labels(BEGIN, pem);
        String hint = found.contains("CERTIFICATE") && !expected.equals(CERTIFICATE)
                ? "; load a certificate with CertificateInfo.fromPem" : "";
        return fail(what, expected, describe(found) + hint);
    }

    private static String describe(List<String> labels) {
        Set<String> distinct = new LinkedHashSet<>(labels);
        return distinct.size() == 1 ? "a '" + distinct.iterator().next() + "' block"
                : "blocks " + String.join(", ", distinct.stream().map(l -> "'" + l + "'").toList());
    }

    private static List<String> labels(Pattern p, String pem) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(pem);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static JcaPEMKeyConverter converter() {
        return new JcaPEMKeyConverter();
    }

    private static <T> T convert(String what, String expected, Conversion<T> conversion) {
        try {
            return conversion.run();
        } catch (IOException | CertificateException | RuntimeException e) {
            throw fail(what, expected, "content that is not a usable key (unsupported algorithm or corrupted)");
        }
    }

    private static IllegalArgumentException fail(String what, String expected, String found) {
        return new IllegalArgumentException(what + ": expected " + expected + ", found " + found);
    }

    @FunctionalInterface
    private interface Conversion<T> {
        T run() throws IOException, CertificateException;
    }
}
