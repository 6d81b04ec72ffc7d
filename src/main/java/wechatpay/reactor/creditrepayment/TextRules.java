package wechatpay.reactor.creditrepayment;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.internal.LoopbackHost;
import wechatpay.reactor.internal.Excerpt;

/**
 * The text rules every credit-repayment request shares, each a {@link ValidationException} naming the wire field:
 * required or optional, non-empty, free of control characters and of 4-byte UTF-8 characters, at most so many
 * characters, and the character sets of merchant numbers. Positions are 0-based {@code char} indexes.
 */
final class TextRules {

    private TextRules() {
    }

    static void required(String field, String value, int max) {
        if (value == null) {
            throw new ValidationException(field, "required");
        }
        if (value.isEmpty()) {
            throw new ValidationException(field, "must not be empty");
        }
        text(field, value, max);
    }

    static void optional(String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.isEmpty()) {
            throw new ValidationException(field, "must not be empty (omit it instead of sending an empty string)");
        }
        text(field, value, max);
    }

    private static void text(String field, String value, int max) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                throw new ValidationException(field, "must not contain 4-byte UTF-8 characters (code points above"
                        + " U+FFFF, such as emoji), found " + codePoint(value.codePointAt(i)) + " at position " + i);
            }
            if (Character.isSurrogate(c)) {
                throw new ValidationException(field,
                        "must be valid Unicode text, found an unpaired surrogate " + codePoint(c) + " at position " + i);
            }
            if (c < 0x20) {
                throw new ValidationException(field,
                        "must not contain control characters, found " + codePoint(c) + " at position " + i);
            }
        }
        // No surrogates are left, so chars are code points.
        if (value.length() > max) {
            throw new ValidationException(field, "must be at most " + max + " characters, found " + value.length());
        }
    }

    static void alphanumeric(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            if (!ok) {
                throw new ValidationException(field, "only [0-9A-Za-z] allowed, found " + shown(c) + " at position " + i);
            }
        }
    }

    /** {@code out_trade_no}-style numbers: digits, ASCII letters and {@code _ - | *}, as everywhere in WeChat Pay. */
    static void tradeNumber(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                    || c == '_' || c == '-' || c == '|' || c == '*';
            if (!ok) {
                throw new ValidationException(field, "only [0-9A-Za-z_-|*] allowed, found " + shown(c) + " at position " + i);
            }
        }
    }

    /**
     * A notification URL WeChat Pay can call: absolute {@code https} ({@code http} only for a loopback host, such as
     * a sandbox on this machine), at most {@code max} characters, no query string, no fragment.
     */
    static void notifyUrl(String field, String value, int max) {
        required(field, value, max);
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new ValidationException(field, "must be an absolute https URL, found " + Excerpt.quoted(value));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost();
        if (host.isEmpty() || !(scheme.equals("https") || scheme.equals("http") && LoopbackHost.is(host))) {
            throw new ValidationException(field, "must be an absolute https URL (http only for a loopback host), found "
                    + Excerpt.quoted(value));
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ValidationException(field, "must not carry a query string or a fragment");
        }
    }

    /** An amount in fen: greater than 0, at most 18 digits. */
    static void positiveFen(String field, long fen) {
        if (fen <= 0) {
            throw new ValidationException(field, "must be greater than 0 fen, found " + fen);
        }
        if (fen > ScheduleItem.MAX_AMOUNT) {
            throw new ValidationException(field, "must have at most 18 digits (" + ScheduleItem.MAX_AMOUNT
                    + " fen), found " + fen);
        }
    }

    private static String shown(char c) {
        return "'" + c + "'" + (c > 0x20 && c < 0x7F ? "" : " (" + codePoint(c) + ")");
    }

    private static String codePoint(int cp) {
        return String.format("U+%04X", cp);
    }
}
