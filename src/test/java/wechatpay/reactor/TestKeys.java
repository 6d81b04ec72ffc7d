package wechatpay.reactor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import wechatpay.reactor.internal.Certificates;

/** Key material for tests: the published vector key and a few generated pairs, made once per JVM. */
public final class TestKeys {
    /** The merchant side's key pair. */
    public static final KeyPair MERCHANT = Certificates.rsaKeyPair(2048);
    /** WeChat Pay's signing key pair. */
    public static final KeyPair WECHATPAY = Certificates.rsaKeyPair(2048);
    public static final String MERCHANT_SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
    public static final String PUBLIC_KEY_ID = "PUB_KEY_ID_0114232134912410000000000000";

    private TestKeys() {
    }

    public static String resource(String name) {
        try (InputStream in = TestKeys.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
