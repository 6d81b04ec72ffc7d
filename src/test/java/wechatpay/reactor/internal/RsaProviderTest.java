package wechatpay.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import wechatpay.reactor.RequestSigner;

/**
 * Native RSA when the Amazon Corretto Crypto Provider is on the class path (it is, in the tests), its signatures
 * interchangeable with the JDK's; and, in a JVM without it, the JDK's provider with nothing else changed.
 */
class RsaProviderTest {
    private static final KeyPair PAIR = Certificates.rsaKeyPair(2048);
    private static final byte[] MESSAGE = "GET\n/v3/certificates\n1624523846\nA1B2C3D4E5F6G7\n\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void theNativeProviderIsPreferredAndItsKeysAreItsOwn() {
        assertThat(RsaProvider.preferred()).isNotNull();
        assertThat(RsaProvider.preferred().getName()).isEqualTo("AmazonCorrettoCryptoProvider");
        PrivateKey translated = RsaProvider.translated(PAIR.getPrivate(), RsaProvider.preferred());
        assertThat(translated.getClass().getName()).startsWith("com.amazon.corretto.crypto.provider.");
        assertThat(RsaProvider.translated(PAIR.getPrivate(), RsaProvider.preferred())).isSameAs(translated);
        assertThat(RsaProvider.translate(PAIR.getPrivate(), null)).isSameAs(PAIR.getPrivate());
    }

    @Test
    void nativeAndJdkSignaturesAreInterchangeable() {
        byte[] nativeSignature = Rsa.signPreferred(PAIR.getPrivate(), MESSAGE);
        byte[] jdkSignature = Rsa.sign(PAIR.getPrivate(), null, MESSAGE);
        assertThat(nativeSignature).isEqualTo(jdkSignature);                 // PKCS#1 v1.5 is deterministic
        assertThat(Rsa.verify(PAIR.getPublic(), null, MESSAGE, nativeSignature)).isTrue();
        assertThat(Rsa.verifyPreferred(PAIR.getPublic(), MESSAGE, jdkSignature)).isTrue();
        byte[] altered = MESSAGE.clone();
        altered[0] ^= 1;
        assertThat(Rsa.verifyPreferred(PAIR.getPublic(), altered, nativeSignature)).isFalse();
        assertThat(Rsa.verifyPreferred(PAIR.getPublic(), MESSAGE, new byte[] {1, 2, 3})).isFalse();
        assertThat(RequestSigner.rsa("SERIAL1", PAIR.getPrivate()).toString()).contains("AmazonCorrettoCryptoProvider");
    }

    @Test
    void withoutTheNativeProviderTheJdkSignsAndNothingFails() throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("AmazonCorrettoCryptoProvider")).collect(Collectors.joining(File.pathSeparator));
        assertThat(classPath).isNotEqualTo(System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                classPath, Child.class.getName()).redirectErrorStream(true).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(out).isZero();
        assertThat(out).contains("provider=default").contains("verified=true");
    }

    /** Runs in the JVM without ACCP: a signer, a signature, a verification. */
    public static final class Child {
        public static void main(String[] args) {
            KeyPair pair = Certificates.rsaKeyPair(2048);
            RsaRequestSigner signer = new RsaRequestSigner("SERIAL1", pair.getPrivate(), null);
            byte[] signature = Base64.getDecoder().decode(signer.signNow(MESSAGE));
            System.out.println(signer + " preferred=" + RsaProvider.preferred()
                    + " verified=" + Rsa.verifyPreferred(pair.getPublic(), MESSAGE, signature));
        }
    }
}
