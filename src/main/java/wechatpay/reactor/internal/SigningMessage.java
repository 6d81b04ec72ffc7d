package wechatpay.reactor.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The byte strings that are signed: five lines for a request, three for an answer or callback. Each line
 * ends in {@code \n}; the body goes in as the exact bytes sent or received, never re-encoded.
 */
public final class SigningMessage {
    private static final byte[] NO_BODY = new byte[0];

    private SigningMessage() {
    }

    /** {@code METHOD\nPATH_AND_QUERY\nTIMESTAMP\nNONCE\nBODY\n}; the path and query exactly as on the wire. */
    public static byte[] request(String method, String pathAndQuery, long timestamp, String nonce, byte[] body) {
        return lines(body, method, pathAndQuery, Long.toString(timestamp), nonce);
    }

    /** {@code TIMESTAMP\nNONCE\nBODY\n} over the raw body bytes; an empty body still ends in {@code \n\n}. */
    public static byte[] answer(String timestamp, String nonce, byte[] body) {
        return lines(body, timestamp, nonce);
    }

    private static byte[] lines(byte[] body, String... heads) {
        byte[] b = body == null ? NO_BODY : body;
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 128);
        for (String head : heads) {
            out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        out.writeBytes(b);
        out.write('\n');
        return out.toByteArray();
    }
}
