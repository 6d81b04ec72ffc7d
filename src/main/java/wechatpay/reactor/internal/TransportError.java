package wechatpay.reactor.internal;

/** A transport failure classified by the transport, turned into the public exception by the error mapper. */
public final class TransportError extends RuntimeException {

    public enum Kind {
        /** No connection could be made: the request never left. */
        CONNECT,
        /** No connection became free in time: the request never left. */
        POOL,
        /** The answer did not come in time: the server may have acted. */
        TIMEOUT,
        /** The connection closed or reset before the answer was complete: the server may have acted. */
        RESET,
        /** The answer was larger than the configured cap. */
        RESPONSE_TOO_LARGE,
        /** Anything else on the way: the server may have acted. */
        OTHER
    }

    private final Kind kind;

    public TransportError(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
