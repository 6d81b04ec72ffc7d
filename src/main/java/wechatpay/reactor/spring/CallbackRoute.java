package wechatpay.reactor.spring;

import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;
import wechatpay.reactor.notification.Notification;
import wechatpay.reactor.notification.NotificationException;
import wechatpay.reactor.notification.NotificationParser;
import wechatpay.reactor.notification.NotificationReply;

/**
 * The callback endpoint: reads the raw body (at most {@code maxBodyBytes}, else 413), verifies and decrypts it
 * with the {@link NotificationParser}, calls every {@link WechatPayNotificationHandler} in order, once per event
 * id (see {@link RecentEvents}), and answers exactly as {@link NotificationReply} says. Logs never carry the
 * body, a header value or a key: a refusal logs its reason, a handler failure the event id and the error.
 */
final class CallbackRoute implements HandlerFunction<ServerResponse> {
    private static final Logger LOG = Loggers.getLogger(CallbackRoute.class);
    private static final byte[] EMPTY = new byte[0];

    private final NotificationParser parser;
    private final List<WechatPayNotificationHandler> handlers;
    private final int maxBodyBytes;
    private final RecentEvents recent;

    CallbackRoute(NotificationParser parser, List<WechatPayNotificationHandler> handlers, int maxBodyBytes,
            int rememberedIds) {
        this.parser = parser;
        this.handlers = List.copyOf(handlers);
        this.maxBodyBytes = maxBodyBytes;
        this.recent = new RecentEvents(rememberedIds);
    }

    @Override
    public Mono<ServerResponse> handle(ServerRequest request) {
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), maxBodyBytes)
                .map(CallbackRoute::bytes)
                .defaultIfEmpty(EMPTY)
                .flatMap(body -> parser.parse(request.headers()::firstHeader, body))
                .flatMap(event -> recent.once(event.id(), () -> dispatch(event),
                        () -> LOG.debug("WeChat Pay callback {} ({}) delivered again: acknowledged, not handled again",
                                event.id(), event.eventType())))
                .then(Mono.fromSupplier(NotificationReply::success))
                .onErrorResume(e -> Mono.just(refusal(e)))
                .flatMap(CallbackRoute::answer);
    }

    private Mono<Void> dispatch(Notification event) {
        return Flux.fromIterable(handlers)
                .concatMap(handler -> Mono.defer(() -> handler.handle(event))
                        .doOnError(e -> LOG.warn("WeChat Pay callback " + event.id() + " (" + event.eventType()
                                + "): the handler " + handler.getClass().getName() + " failed; answered 500 so that"
                                + " WeChat Pay delivers it again", e)))
                .then();
    }

    private NotificationReply refusal(Throwable error) {
        Throwable e = Exceptions.unwrap(error);
        if (e instanceof DataBufferLimitException) {
            LOG.warn("WeChat Pay callback refused: the body is larger than {} bytes (wechatpay.callback.max-body-size)",
                    maxBodyBytes);
            return NotificationReply.failure(413, NotificationException.Reason.TOO_LARGE.name() + ": "
                    + NotificationException.Reason.TOO_LARGE.summary());
        }
        if (e instanceof NotificationException refused) {
            LOG.warn("WeChat Pay callback refused: {}{}", refused.getMessage(),
                    refused.isVerificationFailure() ? " (failed verification: it may not come from WeChat Pay)" : "");
        }
        return NotificationReply.of(e);
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private static Mono<ServerResponse> answer(NotificationReply reply) {
        ServerResponse.BodyBuilder answer = ServerResponse.status(reply.status());
        return reply.contentType()
                .map(type -> answer.contentType(MediaType.parseMediaType(type)).bodyValue(reply.body()))
                .orElseGet(answer::build);
    }
}
