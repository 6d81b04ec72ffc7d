package wechatpay.reactor.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.databind.JsonNode;

/**
 * Names what differs between the message a request signed and the one WeChat Pay says it checked
 * ({@code detail.sign_information} of a 401 SIGN_ERROR: {@code method}, {@code url}, {@code sign_message_length},
 * {@code truncated_sign_message}): the method, the path and query, the timestamp, the nonce or the body (by length
 * only: a body is never shown), or, when they all agree, the key or the serial. Pure; never fails.
 */
public final class SignMismatch {

    private SignMismatch() {
    }

    /** One sentence; {@code ours} is the five-line message signed, {@code info} the server's sign_information. */
    public static String explain(byte[] ours, JsonNode info) {
        if (ours == null || ours.length == 0) {
            return "the signed message is unknown";
        }
        String[] mine = lines(new String(ours, StandardCharsets.UTF_8));
        if (info == null || !info.isObject()) {
            return "WeChat Pay sent no sign_information; check the clock, the key, serial_no and the exact path and body";
        }
        String truncated = info.path("truncated_sign_message").asString("");
        String[] theirs = lines(truncated);
        long complete = truncated.chars().filter(c -> c == '\n').count();   // lines the copy shows whole
        // Values are shown only from the fields that name them, or when they look like what they are: the
        // truncated copy may hold anything, the body included.
        String method = info.path("method").asString("");
        String url = info.path("url").asString("");
        if (!method.isEmpty() && !method.equals(mine[0])) {
            return "the method differs: ours " + Excerpt.quoted(mine[0]) + ", WeChat Pay's " + Excerpt.quoted(method);
        }
        if (!url.isEmpty() && !url.equals(mine[1])) {
            return "the path and query differ: ours " + Excerpt.quoted(mine[1]) + ", WeChat Pay's " + Excerpt.quoted(url)
                    + " (an encoding or a proxy that rewrites the URL)";
        }
        String differs = line(theirs, mine, complete, 2, "[0-9]{1,12}", "the timestamp",
                " (a clock off by 5 minutes or more is refused)");
        if (differs == null) {
            differs = line(theirs, mine, complete, 3, "[0-9A-Za-z]{1,64}", "the nonce", "");
        }
        if (differs != null) {
            return differs;
        }
        int length = info.path("sign_message_length").asInt(-1);
        int bodyOurs = mine[4].getBytes(StandardCharsets.UTF_8).length;
        if (length >= 0 && length != ours.length) {
            String sizes = "ours " + ours.length + " bytes, WeChat Pay's " + length;
            return complete > 3 ? "the body differs: ours " + bodyOurs + " bytes, WeChat Pay's "
                    + (bodyOurs + length - ours.length) + " (something between changed it, or it was not sent as signed)"
                    : "the signed messages differ in length (" + sizes + ") past what WeChat Pay shows: the body ("
                    + bodyOurs + " bytes here), the nonce or the timestamp";
        }
        return "the signed message is the same on both sides, so the signature does not match it: the merchant's "
                + "private key or serial_no (its API certificate serial) is not the one WeChat Pay holds";
    }

    /** The timestamp and nonce lines, when the server's truncated copy still shows them whole. */
    private static String line(String[] theirs, String[] mine, long complete, int i, String shape, String what,
            String hint) {
        String value = at(theirs, i);
        boolean whole = complete > i && value.matches(shape);
        if (whole && !value.equals(mine[i])) {
            return what + " differs: ours " + Excerpt.quoted(mine[i]) + ", WeChat Pay's " + Excerpt.quoted(value) + hint;
        }
        return null;
    }

    /** {@code METHOD, PATH, TIMESTAMP, NONCE, BODY}: the body may itself hold newlines. */
    private static String[] lines(String message) {
        String[] parts = message.split("\n", 5);
        String[] five = Arrays.copyOf(parts, 5);
        for (int i = 0; i < 5; i++) {
            five[i] = five[i] == null ? "" : five[i];
        }
        if (parts.length == 5 && five[4].endsWith("\n")) {
            five[4] = five[4].substring(0, five[4].length() - 1);
        }
        return five;
    }

    private static String at(String[] lines, int i) {
        return i < lines.length ? lines[i] : "";
    }
}
