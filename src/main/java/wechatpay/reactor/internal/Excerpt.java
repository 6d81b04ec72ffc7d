package wechatpay.reactor.internal;

/**
 * The one way a value is cut for a message or a {@code toString()}: at most {@value #MAX} characters, never a
 * character split in two, control characters shown as {@code ?} so that a message stays one safe line, and
 * {@code …} when something was left out.
 */
public final class Excerpt {
    public static final int MAX = 120;

    private Excerpt() {
    }

    public static String of(String value) {
        if (value == null) {
            return "null";
        }
        int end = Math.min(value.length(), MAX);
        if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        StringBuilder s = new StringBuilder(end + 1);
        value.substring(0, end).codePoints().forEach(c -> s.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return end == value.length() ? s.toString() : s.append('…').toString();
    }

    /** {@link #of} in single quotes; {@code null} unquoted. */
    public static String quoted(String value) {
        return value == null ? "null" : "'" + of(value) + "'";
    }
}
