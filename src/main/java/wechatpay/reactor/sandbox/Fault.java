package wechatpay.reactor.sandbox;

/** One way the sandbox can misbehave on one request; see {@link Faults} for rates and {@link WechatPaySandbox#enqueue}. */
public enum Fault {
    /** 429 FREQUENCY_LIMITED, before acting. */
    THROTTLE,
    /** 500 SYSTEM_ERROR, before acting. */
    SERVER_ERROR,
    /** 503 SERVICE_UNAVAILABLE, before acting. */
    UNAVAILABLE,
    /** The connection is reset (TCP RST) before the request is acted on. */
    RESET_BEFORE,
    /** The request is acted on, then the connection is reset: the client cannot know it succeeded. */
    RESET_AFTER,
    /** A correct answer signed with a key that is not WeChat Pay's. */
    FORGE,
    /** A correct answer signed with a timestamp ten minutes old. */
    STALE,
    /** A correct answer whose signature is a {@code WECHATPAY/SIGNTEST/} probe. */
    PROBE,
    /** A correct answer that names a serial the client does not know. */
    UNKNOWN_SERIAL;

    boolean beforeActing() {
        return this == THROTTLE || this == SERVER_ERROR || this == UNAVAILABLE || this == RESET_BEFORE;
    }

    boolean inSignature() {
        return this == FORGE || this == STALE || this == PROBE || this == UNKNOWN_SERIAL;
    }
}
