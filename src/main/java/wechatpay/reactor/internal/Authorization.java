package wechatpay.reactor.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The {@code Authorization} header of WECHATPAY2-SHA256-RSA2048: formatting and lenient parsing. */
public final class Authorization {
    public static final String MCHID = "mchid";
    public static final String NONCE = "nonce_str";
    public static final String TIMESTAMP = "timestamp";
    public static final String SERIAL = "serial_no";
    public static final String SIGNATURE = "signature";

    private Authorization() {
    }

    public static String header(String mchid, String serial, String nonce, long timestamp, String signature) {
        return Headers.SIGNATURE_TYPE + ' '
                + MCHID + "=\"" + mchid + "\","
                + NONCE + "=\"" + nonce + "\","
                + TIMESTAMP + "=\"" + timestamp + "\","
                + SERIAL + "=\"" + serial + "\","
                + SIGNATURE + "=\"" + signature + '"';
    }

    /**
     * Parses {@code SCHEMA k="v",k="v"...} with the pairs in any order and optional spaces after commas.
     * Empty when the scheme is not ours or a pair is malformed; duplicate keys are malformed too.
     */
    public static Optional<Map<String, String>> parse(String header) {
        if (header == null || !header.startsWith(Headers.SIGNATURE_TYPE + ' ')) {
            return Optional.empty();
        }
        String rest = header.substring(Headers.SIGNATURE_TYPE.length() + 1).strip();
        Map<String, String> pairs = new LinkedHashMap<>();
        int i = 0;
        while (i < rest.length()) {
            int eq = rest.indexOf('=', i);
            if (eq < 0 || eq + 1 >= rest.length() || rest.charAt(eq + 1) != '"') {
                return Optional.empty();
            }
            int close = rest.indexOf('"', eq + 2);
            if (close < 0) {
                return Optional.empty();
            }
            String key = rest.substring(i, eq).strip();
            if (key.isEmpty() || pairs.put(key, rest.substring(eq + 2, close)) != null) {
                return Optional.empty();
            }
            i = close + 1;
            while (i < rest.length() && rest.charAt(i) == ' ') {
                i++;
            }
            if (i < rest.length()) {
                if (rest.charAt(i) != ',') {
                    return Optional.empty();
                }
                i++;
                while (i < rest.length() && rest.charAt(i) == ' ') {
                    i++;
                }
            }
        }
        return Optional.of(pairs);
    }
}
