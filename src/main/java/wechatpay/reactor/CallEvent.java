package wechatpay.reactor;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one HTTP call of a {@link WechatPayClient} ended, for a {@link CallListener}. Holds no key, signature,
 * header value or body: safe to log. Immutable.
 *
 * @param template  the endpoint's path template, such as
 *                  {@code /v3/credit-repayment/partner/schedule-records/{out_record_id}}: few values, fit for a
 *                  metric tag
 * @param method    the HTTP method
 * @param path      the path as sent, without the query: carries ids such as {@code out_record_id}, so many values
 *                  (a log field or a span attribute, never a metric tag)
 * @param status    the HTTP status of WeChat Pay's answer, 0 when there was none
 * @param outcome   how the call ended
 * @param code      WeChat Pay's error code ({@code PARAM_ERROR}), the verification failure
 *                  ({@code BAD_SIGNATURE}) or the transport failure ({@code TIMEOUT}); empty on success
 * @param attempt   1 for the first attempt of a call, 2 for its first retry, ...
 * @param duration  from the start of the attempt (waiting for the client's limits included) to its end
 * @param requestId the answer's {@code Request-ID}, when WeChat Pay answered
 */
public record CallEvent(String template, String method, String path, int status, Outcome outcome,
        Optional<String> code, int attempt, Duration duration, Optional<String> requestId) {

    /** How a call ended. */
    public enum Outcome {
        /** A verified 2xx answer. */
        SUCCESS,
        /** WeChat Pay answered with an error ({@link WechatPayServiceException}). */
        SERVICE_ERROR,
        /** The answer failed verification ({@link WechatPayVerificationException}). */
        VERIFICATION_FAILURE,
        /** No usable answer: connect, timeout, reset, signing ({@link WechatPayTransportException}). */
        TRANSPORT_FAILURE,
        /** The subscriber cancelled before the call ended. */
        CANCELLED
    }

    public CallEvent {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(requestId, "requestId");
    }
}
