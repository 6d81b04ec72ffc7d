package wechatpay.reactor.internal;

import reactor.core.publisher.Mono;

/**
 * Sends one request and returns its answer, whatever the status. Failures to get an answer are a
 * {@link TransportError}. Lazy: nothing is sent before subscription; cancelling releases the connection.
 */
@FunctionalInterface
public interface Transport {
    Mono<RawAnswer> exchange(RawRequest request);
}
