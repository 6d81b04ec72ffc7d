package wechatpay.reactor.internal;

import reactor.core.publisher.Mono;

/**
 * Sends a request to the backup host only when it surely never left for the primary one: no connection could be
 * made ({@link TransportError.Kind#CONNECT}) or none became free ({@link TransportError.Kind#POOL}). Never after
 * the request was written (a timeout, a reset), since the primary host may have acted on it. The signature covers
 * the path and query only, so the same signed request is good for either host.
 */
public final class Failover implements Transport {
    private final Transport primary;
    private final Transport backup;

    public Failover(Transport primary, Transport backup) {
        this.primary = primary;
        this.backup = backup;
    }

    @Override
    public Mono<RawAnswer> exchange(RawRequest request) {
        return primary.exchange(request).onErrorResume(Failover::neverLeft, e -> backup.exchange(request));
    }

    static boolean neverLeft(Throwable e) {
        return e instanceof TransportError t
                && (t.kind() == TransportError.Kind.CONNECT || t.kind() == TransportError.Kind.POOL);
    }
}
