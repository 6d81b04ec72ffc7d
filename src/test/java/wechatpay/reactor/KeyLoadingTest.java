package wechatpay.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import wechatpay.reactor.internal.Certificates;
import wechatpay.reactor.internal.Pem;

/** Key loading: every accepted format, and a catalogue of bad inputs with the message each must give. */
class KeyLoadingTest {
    private static final KeyPair RSA = TestKeys.MERCHANT;
    private static final String PKCS8 = Pem.encode(RSA.getPrivate());
    private static final String SPKI = Pem.encode(RSA.getPublic());
    private static final String CERT = Pem.encode(Certificates.selfSigned(RSA, "merchant", new BigInteger("0ABC", 16),
            Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:00:00Z")));

    @Test
    void loadsPkcs8AndPkcs1PrivateKeysToTheSameKey() {
        String pkcs1 = write(RSA.getPrivate());  // BC writes an RSA private key as PKCS#1
        assertThat(PKCS8).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(PrivateKeys.fromPem(PKCS8).getEncoded()).isEqualTo(RSA.getPrivate().getEncoded());
        assertThat(PrivateKeys.fromPem(pkcs1).getEncoded()).isEqualTo(RSA.getPrivate().getEncoded());
    }

    @Test
    void loadsSpkiAndPkcs1PublicKeysToTheSameKey() {
        assertThat(SPKI).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(PublicKeys.fromPem(SPKI)).isEqualTo(RSA.getPublic());
        assertThat(PublicKeys.fromPem(pkcs1Public())).isEqualTo(RSA.getPublic());
    }

    @Test
    void aPrivateKeyFileWithTheCertificateFirstStillLoads() {
        assertThat(PrivateKeys.fromPem(CERT + PKCS8).getEncoded()).isEqualTo(RSA.getPrivate().getEncoded());
    }

    @Test
    void certificateGivesKeySerialAndValidity() {
        CertificateInfo cert = CertificateInfo.fromPem(CERT);
        assertThat(cert.serial()).isEqualTo("ABC");
        assertThat(cert.publicKey()).isEqualTo(RSA.getPublic());
        assertThat(cert.notBefore()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(cert.notAfter()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(cert.isValidAt(Instant.parse("2026-06-01T00:00:00Z"))).isTrue();
        assertThat(cert.isValidAt(Instant.parse("2030-01-01T00:00:01Z"))).isFalse();
        assertThat(cert.isValidAt(Instant.parse("2024-12-31T23:59:59Z"))).isFalse();
    }

    @Test
    void serialIsUpperCaseHexLikeWechatPayWritesIt() {
        BigInteger serial = new BigInteger("5157f09efdc096de15ebe81a47057a7232f1b8e1", 16);
        CertificateInfo cert = CertificateInfo.of(Certificates.selfSigned(RSA, "m", serial,
                Instant.now().minus(1, ChronoUnit.DAYS), Instant.now().plus(1, ChronoUnit.DAYS)));
        assertThat(cert.serial()).isEqualTo("5157F09EFDC096DE15EBE81A47057A7232F1B8E1");
    }

    @Test
    void loadsFromFilesAndNamesAnUnreadableFile(@TempDir Path dir) throws IOException {
        Path key = Files.writeString(dir.resolve("apiclient_key.pem"), PKCS8);
        assertThat(PrivateKeys.fromPem(key).getEncoded()).isEqualTo(RSA.getPrivate().getEncoded());
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> PrivateKeys.fromPem(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(missing + ": cannot read (NoSuchFileException)");
    }

    static Stream<Arguments> badInputs() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        KeyPair ecPair = ec.generateKeyPair();
        KeyPair weak = Certificates.rsaKeyPair(1024);
        String[] lines = PKCS8.split("\n");
        String truncatedEnd = String.join("\n", List.of(lines).subList(0, lines.length / 2)) + "\n";
        String missingMiddle = lines[0] + "\n" + lines[1] + "\n" + lines[lines.length - 1] + "\n";
        String corruptedBase64 = PKCS8.replaceFirst("\n[A-Za-z0-9+/]{10}", "\n!!!!!!!!!!");
        String privateExpected = "merchant private key: expected a PEM 'PRIVATE KEY' (PKCS#8) or 'RSA PRIVATE KEY' "
                + "(PKCS#1) block, found ";
        String publicExpected = "WeChat Pay public key: expected a PEM 'PUBLIC KEY' (SPKI) or 'RSA PUBLIC KEY' "
                + "(PKCS#1) block, found ";
        String certExpected = "certificate: expected a PEM 'CERTIFICATE' (X.509) block, found ";
        Function<String, Object> priv = PrivateKeys::fromPem;
        Function<String, Object> pub = PublicKeys::fromPem;
        Function<String, Object> cert = CertificateInfo::fromPem;
        return Stream.of(
                Arguments.of("empty", priv, "", privateExpected + "empty input"),
                Arguments.of("blank", priv, " \n\t", privateExpected + "empty input"),
                Arguments.of("garbage", priv, "hello, I am not a key", privateExpected
                        + "no PEM block (no '-----BEGIN ...-----' line)"),
                Arguments.of("bare base64 DER", priv, Base64.getEncoder().encodeToString(RSA.getPrivate().getEncoded()),
                        privateExpected + "no PEM block (no '-----BEGIN ...-----' line)"),
                Arguments.of("truncated before END", priv, truncatedEnd, privateExpected
                        + "a 'PRIVATE KEY' block without its '-----END' line (truncated?)"),
                Arguments.of("lines missing in the middle", priv, missingMiddle, privateExpected
                        + "a 'PRIVATE KEY' block whose content does not parse (truncated or corrupted)"),
                Arguments.of("corrupted base64", priv, corruptedBase64, privateExpected
                        + "a 'PRIVATE KEY' block whose content does not parse (truncated or corrupted)"),
                Arguments.of("public key as private", priv, SPKI, privateExpected + "a 'PUBLIC KEY' block"),
                Arguments.of("certificate as private", priv, CERT, privateExpected
                        + "a 'CERTIFICATE' block; load a certificate with CertificateInfo.fromPem"),
                Arguments.of("encrypted PKCS#8", priv, encryptedPkcs8(), privateExpected
                        + "an encrypted private key; decrypt it first (openssl pkey -in encrypted.pem -out key.pem)"),
                Arguments.of("encrypted PKCS#1", priv, encryptedPkcs1(), privateExpected
                        + "an encrypted private key; decrypt it first (openssl pkey -in encrypted.pem -out key.pem)"),
                Arguments.of("EC private key", priv, Pem.encode(ecPair.getPrivate()),
                        "merchant private key: expected an RSA key, found EC"),
                Arguments.of("1024-bit private key", priv, Pem.encode(weak.getPrivate()),
                        "merchant private key: expected an RSA key of at least 2048 bits, found 1024 bits"),
                Arguments.of("unknown PEM type", priv, "-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n",
                        privateExpected + "a 'FOO' block whose content does not parse (truncated or corrupted)"),
                Arguments.of("private key as public", pub, PKCS8, publicExpected + "a 'PRIVATE KEY' block"),
                Arguments.of("certificate as public", pub, CERT, publicExpected
                        + "a 'CERTIFICATE' block; load a certificate with CertificateInfo.fromPem"),
                Arguments.of("EC public key", pub, Pem.encode(ecPair.getPublic()),
                        "WeChat Pay public key: expected an RSA key, found EC"),
                Arguments.of("1024-bit public key", pub, Pem.encode(weak.getPublic()),
                        "WeChat Pay public key: expected an RSA key of at least 2048 bits, found 1024 bits"),
                Arguments.of("public key as certificate", cert, SPKI, certExpected + "a 'PUBLIC KEY' block"),
                Arguments.of("empty certificate", cert, "", certExpected + "empty input"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsRefusedWithAMessageThatNamesWhatWasFound(String name, Function<String, Object> loader,
            String input, String message) {
        assertThatThrownBy(() -> loader.apply(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message)
                .hasNoCause();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void noMessageEchoesKeyMaterial(String name, Function<String, Object> loader, String input, String message) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> loader.apply(input));
        for (String line : input.split("\n")) {
            if (line.length() >= 16 && !line.startsWith("-----")) {
                assertThat(t.getMessage()).doesNotContain(line.substring(0, 16));
            }
        }
    }

    private static String pkcs1Public() {
        RSAPublicKey key = (RSAPublicKey) RSA.getPublic();
        try {
            byte[] der = new org.bouncycastle.asn1.pkcs.RSAPublicKey(key.getModulus(), key.getPublicExponent()).getEncoded();
            return write(new PemObject("RSA PUBLIC KEY", der));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encryptedPkcs8() {
        try {
            return write(new JcaPKCS8Generator(RSA.getPrivate(),
                    new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                            .setProvider(new BouncyCastleProvider()).setPassword("secret".toCharArray()).build()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encryptedPkcs1() {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(RSA.getPrivate(), new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(new BouncyCastleProvider()).build("secret".toCharArray()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static String write(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
