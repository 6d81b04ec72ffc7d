package wechatpay.reactor;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import wechatpay.reactor.internal.LoopbackHost;

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
        if (scheme.equals("http") && !LoopbackHost.is(uri.getHost())) {
            throw new ValidationException("baseUrl", "plain http:// is allowed only for a loopback host "
                    + "(127.0.0.1, localhost, [::1]); use https://, found '" + baseUrl + "'");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                || uri.getRawQuery() != null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new ValidationException("baseUrl", "expected scheme, host and port only, found '" + baseUrl + "'");
        }
        return scheme + "://" + uri.getRawAuthority();
    }
}
