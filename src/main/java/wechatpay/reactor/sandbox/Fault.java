package wechatpay.reactor.sandbox;

import java.util.Locale;
import java.util.Optional;

/**
 * One way the sandbox can misbehave on one request, by rate ({@link FaultRates#with}) or scripted
 * ({@link WechatPaySandbox#enqueue}). Each fault says whether it strikes before the request is acted on
 * ({@link #beforeActing()}) and which part of the exchange it spoils ({@link #effect()});
 * {@link #cliName()} and {@link #description()} are what {@code sandbox --fault} shows.
 *
 * <p>Rates are drawn in declaration order, so new faults go at the end: a seed keeps its decisions for the
 * faults it already had.
 */
public enum Fault {
    THROTTLE(true, Effect.ANSWER, "429 FREQUENCY_LIMITED, before acting"),
    SERVER_ERROR(true, Effect.ANSWER, "500 SYSTEM_ERROR, before acting"),
    UNAVAILABLE(true, Effect.ANSWER, "503 SERVICE_UNAVAILABLE, before acting"),
    RESET_BEFORE(true, Effect.CONNECTION, "connection reset (TCP RST) before acting"),
    RESET_AFTER(false, Effect.CONNECTION, "acted on, then the connection reset"),
    FORGE(false, Effect.SIGNATURE, "acted on; signed with a key that is not WeChat Pay's"),
    STALE(false, Effect.SIGNATURE, "acted on; signed with a timestamp 10 minutes old"),
    PROBE(false, Effect.SIGNATURE, "acted on; a WECHATPAY/SIGNTEST/ probe signature"),
    /** Each answer struck carries a fresh random serial, shaped like the public key id or certificate serial it hides. */
    UNKNOWN_SERIAL(false, Effect.SIGNATURE, "acted on; signed under a random serial nobody knows"),
    NO_REQUEST_ID(false, Effect.HEADER, "acted on; the answer has no Request-ID header"),
    /** Schedule records lack contract_id, sub_appid, min_repayment_amount, description, attach; orders too. */
    MISSING_OPTIONAL(false, Effect.BODY, "acted on; 2xx records lack their optional fields"),
    /** The answer and each record gain a string, a number, an object and an array of a newer schema. */
    UNKNOWN_FIELDS(false, Effect.BODY, "acted on; 2xx JSON gains fields of a newer schema"),
    /** WeChat Pay's 202: "repeat the same request". Signed, with an empty body. */
    ACCEPTED(false, Effect.ANSWER, "acted on, then 202 with an empty body (repeat it)"),
    /** As when the merchant key or serial is wrong, with {@code detail.sign_information}. */
    SIGN_ERROR(true, Effect.ANSWER, "401 SIGN_ERROR, before acting (wrong merchant key)"),
    /** Whatever the ledger answered, status 200 and a correctly signed truncated JSON object. */
    GARBLED(false, Effect.BODY, "acted on, then 200 with a signed body that is not JSON");

    /** The part of the exchange a fault changes. */
    public enum Effect {
        /** The whole answer: a fixed status and body in place of the ledger's. */
        ANSWER,
        /** The connection: reset instead of answered. */
        CONNECTION,
        /** The body, edited before it is signed, so the signature stays valid. */
        BODY,
        /** A header of the answer other than the signature's. */
        HEADER,
        /** The signature of an otherwise correct answer. */
        SIGNATURE
    }

    private final boolean beforeActing;
    private final Effect effect;
    private final String description;

    Fault(boolean beforeActing, Effect effect, String description) {
        this.beforeActing = beforeActing;
        this.effect = effect;
        this.description = description;
    }

    /** The request is not acted on: nothing is created, however the client retries. */
    public boolean beforeActing() {
        return beforeActing;
    }

    public Effect effect() {
        return effect;
    }

    public boolean spoilsSignature() {
        return effect == Effect.SIGNATURE;
    }

    public boolean editsBody() {
        return effect == Effect.BODY;
    }

    public boolean resetsConnection() {
        return effect == Effect.CONNECTION;
    }

    /** One line for help texts, at most 60 characters. */
    public String description() {
        return description;
    }

    /** The name on the command line: the constant in lower case, hyphenated ({@code server-error}). */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The fault whose {@link #cliName()} is {@code name}, if any. */
    public static Optional<Fault> byCliName(String name) {
        for (Fault fault : values()) {
            if (fault.cliName().equals(name)) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }
}
