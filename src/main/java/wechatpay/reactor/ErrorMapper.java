package wechatpay.reactor;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.RawRequest;
import wechatpay.reactor.internal.SignMismatch;
import wechatpay.reactor.internal.RawAnswer;
import wechatpay.reactor.internal.TransportError;
import wechatpay.reactor.internal.Verdict;
import wechatpay.reactor.internal.Excerpt;

/** The one place that creates {@link WechatPayException}s, from what the pipeline saw. */
final class ErrorMapper {
    private final JsonMapper json;

    ErrorMapper(JsonMapper json) {
        this.json = json;
    }

    /** A non-2xx answer, or a 202 (repeat the same request). */
    WechatPayServiceException service(RawRequest request, RawAnswer answer) {
        String code = "HTTP_" + answer.status();
        String serverMessage = "";
        JsonNode detail = null;
        if (answer.body().length > 0) {
            try {
                JsonNode body = json.readTree(answer.body());
                code = body.path("code").isString() ? body.path("code").stringValue() : code;
                serverMessage = body.path("message").isString() ? body.path("message").stringValue() : "";
                detail = body.get("detail");
            } catch (JacksonException e) {
                serverMessage = "a non-JSON error body of " + answer.body().length + " bytes";
            }
        }
        StringBuilder text = new StringBuilder().append(answer.status()).append(' ').append(code);
        if (!serverMessage.isEmpty()) {
            text.append(": ").append(Excerpt.of(serverMessage));
        }
        if (detail != null && detail.path("field").isString()) {
            text.append(" (field ").append(Excerpt.of(detail.path("field").stringValue())).append(')');
        }
        if ("SIGN_ERROR".equals(code)) {
            text.append("; ").append(SignMismatch.explain(answer.signedMessage(),
                    detail == null ? null : detail.get("sign_information")));
        }
        return new WechatPayServiceException(request.call(), requestId(answer), answer.status(), code,
                serverMessage, detail, answer.signedMessageLength(), text.toString());
    }

    /** A 2xx answer that failed verification. */
    WechatPayVerificationException verification(RawRequest request, RawAnswer answer, Verdict verdict) {
        WechatPayVerificationException.Reason reason = reason(verdict.kind());
        return new WechatPayVerificationException(request.call(), requestId(answer), answer.status(), reason,
                "answer " + answer.status() + " failed verification, " + reason + ": " + verdict.detail());
    }

    /** A verified 2xx whose body is not what the API documents. */
    WechatPayServiceException unexpected(String call, String requestId, int status, String why) {
        return answerProblem(call, requestId, status, WechatPayServiceException.UNEXPECTED_RESPONSE, why);
    }

    /** A verified 2xx showing that the business key already holds something else. */
    WechatPayServiceException conflict(String call, String requestId, int status, String why) {
        return answerProblem(call, requestId, status, WechatPayServiceException.CONFLICT, why);
    }

    private static WechatPayServiceException answerProblem(String call, String requestId, int status, String code,
            String why) {
        return new WechatPayServiceException(call, requestId, status, code, why, null, -1,
                status + " " + code + ": " + Excerpt.of(why));
    }

    WechatPayTransportException transport(RawRequest request, Throwable failure) {
        if (failure instanceof TransportError t) {
            WechatPayTransportException.Kind kind = kind(t.kind());
            String ambiguity = switch (kind) {
                case CONNECT, POOL, SIGNING, RATE_LIMITER -> " (the request was not sent)";
                case RESPONSE_TOO_LARGE -> " (WeChat Pay answered; it may have acted on it)";
                default -> " (WeChat Pay may have acted on it)";
            };
            return new WechatPayTransportException(request.call(), kind, t.getMessage() + ambiguity, t.getCause());
        }
        return new WechatPayTransportException(request.call(), WechatPayTransportException.Kind.OTHER,
                failure.getClass().getSimpleName() + " (WeChat Pay may have acted on it)", failure);
    }

    /** The signer failed: nothing was sent. Only the failure's class is shown (signer messages may hold secrets). */
    WechatPayTransportException signing(RawRequest request, Throwable failure) {
        return new WechatPayTransportException(request.call(), WechatPayTransportException.Kind.SIGNING,
                "the request could not be signed (" + failure.getClass().getSimpleName() + "); it was not sent", failure);
    }

    /** The rate limiter failed: nothing was sent. Its message is shown (limiters hold no secrets). */
    WechatPayTransportException rateLimiter(RawRequest request, Throwable failure) {
        return new WechatPayTransportException(request.call(), WechatPayTransportException.Kind.RATE_LIMITER,
                "the rate limiter failed (" + failure.getClass().getSimpleName() + ": "
                        + Excerpt.of(String.valueOf(failure.getMessage())) + "); it was not sent", failure);
    }

    /** Exhaustive, so that a new or renamed verdict fails the build here. */
    private static WechatPayVerificationException.Reason reason(Verdict.Kind kind) {
        return switch (kind) {
            case BAD_SIGNATURE -> WechatPayVerificationException.Reason.BAD_SIGNATURE;
            case STALE_TIMESTAMP -> WechatPayVerificationException.Reason.STALE_TIMESTAMP;
            case UNKNOWN_SERIAL -> WechatPayVerificationException.Reason.UNKNOWN_SERIAL;
            case MISSING_HEADER -> WechatPayVerificationException.Reason.MISSING_HEADER;
            case MALFORMED -> WechatPayVerificationException.Reason.MALFORMED;
            case PROBE -> WechatPayVerificationException.Reason.PROBE;
            case VALID -> throw new IllegalArgumentException("a valid verdict is not a verification failure");
        };
    }

    private static WechatPayTransportException.Kind kind(TransportError.Kind kind) {
        return switch (kind) {
            case CONNECT -> WechatPayTransportException.Kind.CONNECT;
            case POOL -> WechatPayTransportException.Kind.POOL;
            case TIMEOUT -> WechatPayTransportException.Kind.TIMEOUT;
            case RESET -> WechatPayTransportException.Kind.RESET;
            case RESPONSE_TOO_LARGE -> WechatPayTransportException.Kind.RESPONSE_TOO_LARGE;
            case OTHER -> WechatPayTransportException.Kind.OTHER;
        };
    }

    private static String requestId(RawAnswer answer) {
        return answer.header(Headers.REQUEST_ID);
    }

}
