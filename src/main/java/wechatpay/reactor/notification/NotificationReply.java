package wechatpay.reactor.notification;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.internal.Excerpt;
import wechatpay.reactor.internal.Headers;

/**
 * The answer WeChat Pay expects to a callback, as a framework-free value: write {@link #status()}, and when
 * there is a body, {@link #contentType()} and {@link #body()}. Success is HTTP 200 with no body; failure is a 4xx
 * or 5xx with {@code {"code":"FAIL","message":"..."}} (UTF-8 JSON), after which WeChat Pay delivers the callback
 * again (up to 15 times over about a day). Answer within 5 seconds. Immutable and thread-safe.
 *
 * <pre>{@code
 * parser.parse(headers, body)
 *     .flatMap(event -> handle(event))                         // idempotent by event.id()
 *     .thenReturn(NotificationReply.success())
 *     .onErrorResume(e -> Mono.just(NotificationReply.of(e)));
 * }</pre>
 */
public final class NotificationReply {
    /** The code of every failure body. */
    public static final String FAIL = "FAIL";
    /** The message of a failure that is not a {@link NotificationException}: nothing of its cause is shown. */
    public static final String INTERNAL_ERROR = "internal error";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final NotificationReply SUCCESS = new NotificationReply(200, new byte[0], null);

    private final int status;
    private final byte[] body;
    private final String message;

    private NotificationReply(int status, byte[] body, String message) {
        this.status = status;
        this.body = body;
        this.message = message;
    }

    /** Received and handled: HTTP 200, no body. */
    public static NotificationReply success() {
        return SUCCESS;
    }

    /**
     * Not handled, deliver again: {@code status} (400..599) with {@code {"code":"FAIL","message":message}}.
     * The message is cut to {@value Excerpt#MAX} characters; control characters become {@code ?}.
     */
    public static NotificationReply failure(int status, String message) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status: expected a 4xx or 5xx status, found " + status);
        }
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("message: expected a short text, found "
                    + (message == null ? "null" : "a blank text"));
        }
        String safe = Excerpt.of(message.strip());
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("code", FAIL);
        json.put("message", safe);
        return new NotificationReply(status, JSON.writeValueAsBytes(json), safe);
    }

    /**
     * The failure answer for {@code error}: a {@link NotificationException} is 401 when verification failed and
     * 400 otherwise, with its reason and {@link NotificationException.Reason#summary() summary} as the message
     * (no detail goes back to whoever sent it); anything else, such as an error of the application's handler, is
     * 500 with {@value #INTERNAL_ERROR}.
     */
    public static NotificationReply of(Throwable error) {
        Objects.requireNonNull(error, "error");
        if (Exceptions.unwrap(error) instanceof NotificationException refused) {
            NotificationException.Reason reason = refused.reason();
            return failure(reason.isVerificationFailure() ? 401 : 400, reason.name() + ": " + reason.summary());
        }
        return failure(500, INTERNAL_ERROR);
    }

    /** 200 for success, else the failure's 4xx or 5xx. */
    public int status() {
        return status;
    }

    public boolean isSuccess() {
        return status < 300;
    }

    /** The body to send: empty for success, the FAIL JSON (UTF-8) otherwise. A copy. */
    public byte[] body() {
        return body.clone();
    }

    /** {@code application/json} when there is a body; empty for success. */
    public Optional<String> contentType() {
        return body.length == 0 ? Optional.empty() : Optional.of(Headers.JSON);
    }

    /** The failure's message as sent in the body; empty for success. */
    public Optional<String> message() {
        return Optional.ofNullable(message);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof NotificationReply r && r.status == status && Objects.equals(r.message, message);
    }

    @Override
    public int hashCode() {
        return 31 * status + Objects.hashCode(message);
    }

    @Override
    public String toString() {
        return message == null ? "NotificationReply[" + status + "]"
                : "NotificationReply[" + status + " " + FAIL + ": " + message + "]";
    }
}
