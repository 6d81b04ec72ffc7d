package wechatpay.reactor.benchmarks;

import io.netty.buffer.Unpooled;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The transport floor: Reactor Netty posting the same batch-create bytes our client sends, C at once over a pool
 * of C connections, with Accept, Content-Type and User-Agent but no Authorization: nothing is signed or
 * verified, and the sandbox answers each call with the same 401 SIGN_ERROR body (signed once, then reused in
 * fast mode). A call counts as a success when that 401 arrives complete.
 */
final class RawLoad implements ReactiveLoad {
    private static final int EXPECTED = 401;

    private final LoadItems items;
    private final int inFlight;
    private final ConnectionProvider connections;
    private final HttpClient http;

    RawLoad(LoadItems items, int inFlight) {
        this.items = items;
        this.inFlight = inFlight;
        this.connections = ConnectionProvider.builder("raw-load").maxConnections(inFlight)
                .pendingAcquireMaxCount(-1).pendingAcquireTimeout(Duration.ofSeconds(30)).build();
        this.http = HttpClient.create(connections).baseUrl(items.baseUrl())
                .responseTimeout(Duration.ofSeconds(10)).keepAlive(true).compress(false)
                .headers(h -> h.set("Accept", "application/json").set("Content-Type", "application/json")
                        .set("User-Agent", "wechatpay-reactor-benchmarks/raw"));
    }

    @Override
    public int inFlight() {
        return inFlight;
    }

    @Override
    public Mono<Void> call(String prefix, int i, Tally tally) {
        return http.post().uri(LoadItems.PATH)
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(items.bodyBytes(prefix, i))))
                .responseSingle((res, body) -> body.asByteArray().defaultIfEmpty(new byte[0])
                        .map(bytes -> {
                            if (res.status().code() == EXPECTED && bytes.length > 0) {
                                tally.success();
                            } else {
                                tally.fail("Status" + res.status().code(), bytes.length + " bytes");
                            }
                            return bytes.length;
                        }))
                .then()
                .onErrorResume(e -> {
                    tally.fail(e);
                    return Mono.empty();
                });
    }

    @Override
    public String describe() {
        return "raw: Reactor Netty HttpClient, pool of " + inFlight + ", flatMap(post, " + inFlight
                + "), unsigned (expects 401)";
    }

    @Override
    public void close() {
        connections.disposeLater().block(Duration.ofSeconds(10));
    }
}
