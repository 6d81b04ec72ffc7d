package wechatpay.reactor.internal;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP answer: status, headers (looked up ignoring case), the raw body bytes as received, and the message
 * that was signed for the request (for SIGN_ERROR diagnostics; empty when unknown).
 */
public record RawAnswer(int status, Map<String, String> headers, byte[] body, byte[] signedMessage) {
    private static final byte[] EMPTY = new byte[0];

    public RawAnswer {
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        headers = Collections.unmodifiableMap(h);
        body = body == null ? EMPTY : body;
        signedMessage = signedMessage == null ? EMPTY : signedMessage;
    }

    public RawAnswer(int status, Map<String, String> headers, byte[] body) {
        this(status, headers, body, EMPTY);
    }

    /** The signed message's length in bytes, -1 when unknown. */
    public int signedMessageLength() {
        return signedMessage.length == 0 ? -1 : signedMessage.length;
    }

    public String header(String name) {
        return headers.get(name);
    }

    public RawAnswer withSignedMessage(byte[] message) {
        return new RawAnswer(status, headers, body, message);
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    @Override
    public String toString() {
        return "RawAnswer[" + status + ", " + body.length + " bytes, Request-ID " + header(Headers.REQUEST_ID) + "]";
    }
}
