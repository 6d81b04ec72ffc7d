package wechatpay.reactor.creditrepayment;

import java.util.Objects;

/**
 * An outcome with the caller's own message it came from: what {@code schedule(messages, toItem, options)} and
 * {@code deduct(messages, toOrder, options)} give, so that a consumer can acknowledge the message (a queue entry,
 * a database row) once its outcome is known. Immutable.
 *
 * @param message the caller's message
 * @param outcome what became of the item made from it
 */
public record Correlated<T, O>(T message, O outcome) {
    public Correlated {
        Objects.requireNonNull(outcome, "outcome");
    }
}
