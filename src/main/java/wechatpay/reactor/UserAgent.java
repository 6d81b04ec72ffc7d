package wechatpay.reactor;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The {@code User-Agent} every request carries (WeChat Pay answers 400 without one) and the version in it. */
final class UserAgent {
    static final String VERSION = version();

    private UserAgent() {
    }

    static String header() {
        return "wechatpay-reactor/" + VERSION + " (Java/" + System.getProperty("java.version") + "; "
                + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ")";
    }

    private static String version() {
        try (InputStream in = UserAgent.class.getResourceAsStream("/wechatpay-reactor.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
