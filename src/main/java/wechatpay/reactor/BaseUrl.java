package wechatpay.reactor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The check of {@code baseUrl}: scheme, host and port only; plain {@code http://} only for a loopback host. */
final class BaseUrl {

    private BaseUrl() {
    }

    /** {@code scheme://authority} of a good base URL, else a {@link ValidationException} naming {@code baseUrl}. */
    static String check(String baseUrl) {
        URI uri;
        try {
            uri = new URI(baseUrl == null ? "" : baseUrl);
        } catch (URISyntaxException e) {
            throw new ValidationException("baseUrl", "not a URL: '" + baseUrl + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ValidationException("baseUrl", "expected https://host[:port], found '" + baseUrl + "'");
        }
        if (scheme.equals("http") && !loopback(uri.getHost())) {
            throw new ValidationException("baseUrl", "plain http:// is allowed only for a loopback host "
                    + "(127.0.0.1, localhost, [::1]); use https://, found '" + baseUrl + "'");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                || uri.getRawQuery() != null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new ValidationException("baseUrl", "expected scheme, host and port only, found '" + baseUrl + "'");
        }
        return scheme + "://" + uri.getRawAuthority();
    }

    /** Only literal addresses and {@code localhost} count: a name is never looked up here. */
    private static boolean loopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();  // bracketed: parsed as IPv6, never resolved
            } catch (IOException e) {
                return false;
            }
        }
        String[] octets = host.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (!octet.matches("[0-9]{1,3}") || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return Integer.parseInt(octets[0]) == 127;
    }
}
