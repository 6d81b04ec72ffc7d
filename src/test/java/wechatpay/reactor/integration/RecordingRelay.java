package wechatpay.reactor.integration;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/** A loopback HTTP relay in front of the sandbox that records each request exactly as the client sent it. */
final class RecordingRelay implements AutoCloseable {
    /** What the relay saw of one request: header values by lower-case name, and the body. */
    record Seen(String method, String uri, Map<String, List<String>> headers, byte[] body) {
        List<String> header(String name) {
            return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
        }
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final ConnectionProvider pool = ConnectionProvider.create("recording-relay", 4);
    private final DisposableServer server;

    RecordingRelay(String target) {
        this(target, UnaryOperator.identity());
    }

    /** A relay that forwards what {@code rewrite} makes of each request, as a proxy that changes requests would. */
    RecordingRelay(String target, UnaryOperator<Seen> rewrite) {
        HttpClient upstream = HttpClient.create(pool);
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                        .flatMap(body -> {
                            Map<String, List<String>> headers = new LinkedHashMap<>();
                            req.requestHeaders().forEach(e -> headers.computeIfAbsent(
                                    e.getKey().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>())
                                    .add(e.getValue()));
                            Seen got = new Seen(req.method().name(), req.uri(), headers, body);
                            seen.add(got);
                            Seen out = rewrite.apply(got);
                            return upstream.headers(h -> {
                                        h.set(req.requestHeaders()).remove(HttpHeaderNames.HOST)
                                                .remove(HttpHeaderNames.CONTENT_LENGTH);
                                        out.headers().forEach((name, values) -> h.set(name, values));
                                        h.set(HttpHeaderNames.CONTENT_LENGTH, out.body().length);
                                    })
                                    .request(req.method()).uri(target + out.uri())
                                    .send(out.body().length == 0 ? Mono.empty()
                                            : Mono.just(io.netty.buffer.Unpooled.wrappedBuffer(out.body())))
                                    .responseSingle((r, content) -> content.asByteArray().defaultIfEmpty(new byte[0])
                                            .map(bytes -> {
                                                res.status(r.status()).headers(r.responseHeaders());
                                                return bytes;
                                            }));
                        })
                        .flatMap(bytes -> bytes.length == 0 ? res.send().then()
                                : res.sendByteArray(Mono.just(bytes)).then()))
                .bindNow(Duration.ofSeconds(10));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    List<Seen> presigns() {
        return seen.stream().filter(s -> s.uri().endsWith("/h5-presign")).toList();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
        pool.disposeLater().block(Duration.ofSeconds(5));
    }
}

