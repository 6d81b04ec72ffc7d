/**
 * WeChat Pay's credit-repayment callbacks, verified, decrypted and typed: {@link
 * wechatpay.reactor.notification.NotificationParser} turns the raw request (headers and body bytes) into a
 * {@link wechatpay.reactor.notification.Notification} or a {@link
 * wechatpay.reactor.notification.NotificationException} with its reason, and {@link
 * wechatpay.reactor.notification.NotificationReply} is the answer to send back. Read the body as bytes and never
 * re-encode it: the signature covers the exact bytes. WeChat Pay delivers duplicates, so handle each event by its
 * {@code id()} idempotently. A WebFlux handler:
 *
 * <pre>{@code
 * NotificationParser parser = NotificationParser.forClient(client, ApiV3Key.of(apiV3KeyText));   // once, shared
 *
 * Mono<ServerResponse> callback(ServerRequest request) {
 *     return request.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
 *         .flatMap(body -> parser.parse(request.headers().asHttpHeaders()::getFirst, body))
 *         .flatMap(event -> event instanceof Notification.DeductionPaid paid
 *             ? orders.markPaid(paid.id(), paid.subMchid(), paid.order())   // idempotent by id: duplicates arrive
 *             : Mono.empty())                                               // other events: accepted, ignored
 *         .then(Mono.fromSupplier(NotificationReply::success))
 *         .onErrorResume(e -> Mono.just(NotificationReply.of(e)))    // 401/400 refused, 500 handler failed: redelivered
 *         .flatMap(reply -> {
 *             ServerResponse.BodyBuilder answer = ServerResponse.status(reply.status());
 *             return reply.contentType().isEmpty() ? answer.build()
 *                 : answer.contentType(MediaType.APPLICATION_JSON).bodyValue(reply.body());
 *         });
 * }
 * }</pre>
 *
 * Everything here is immutable and thread-safe, except builders.
 */
@NullMarked
package wechatpay.reactor.notification;

import org.jspecify.annotations.NullMarked;
