package wechatpay.reactor.integration;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
        HttpClient upstream = HttpClient.create(pool);
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                        .flatMap(body -> {
                            Map<String, List<String>> headers = new LinkedHashMap<>();
                            req.requestHeaders().forEach(e -> headers.computeIfAbsent(
                                    e.getKey().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>())
                                    .add(e.getValue()));
                            seen.add(new Seen(req.method().name(), req.uri(), headers, body));
                            return upstream.headers(h -> h.set(req.requestHeaders()).remove(HttpHeaderNames.HOST))
                                    .request(req.method()).uri(target + req.uri())
                                    .send(body.length == 0 ? Mono.empty()
                                            : Mono.just(io.netty.buffer.Unpooled.wrappedBuffer(body)))
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

