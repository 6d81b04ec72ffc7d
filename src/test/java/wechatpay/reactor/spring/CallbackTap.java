package wechatpay.reactor.spring;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * A loopback relay between the sandbox and the application: forwards each callback to the application and keeps
 * a copy of it exactly as WeChat Pay sent it (headers and body bytes), so that a test can deliver it again, or
 * deliver it altered.
 */
final class CallbackTap implements AutoCloseable {
    /** One delivery: its headers, its body, and what the application answered. */
    record Delivery(HttpHeaders headers, byte[] body, int status) {
    }

    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final DisposableServer server;

    CallbackTap(String target) {
        HttpClient upstream = HttpClient.create();
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                        .flatMap(body -> upstream.headers(h -> h.set(req.requestHeaders()).remove(HttpHeaderNames.HOST))
                                .post().uri(target + req.uri())
                                .send(Mono.just(io.netty.buffer.Unpooled.wrappedBuffer(body)))
                                .responseSingle((r, content) -> content.asByteArray().defaultIfEmpty(new byte[0])
                                        .map(answer -> {
                                            deliveries.add(new Delivery(req.requestHeaders().copy(), body,
                                                    r.status().code()));
                                            res.status(r.status()).headers(r.responseHeaders());
                                            return answer;
                                        })))
                        .flatMap(answer -> res.sendByteArray(Mono.just(answer)).then()))
                .bindNow(Duration.ofSeconds(10));
    }

    /**
     * The deliveries whose body contains {@code text}, once there are {@code n} (a delivery is recorded when the
     * application has answered it, so a little after its handler ran).
     */
    List<Delivery> await(String text, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Delivery> found = deliveries.stream()
                    .filter(d -> new String(d.body(), StandardCharsets.UTF_8).contains(text)).toList();
            if (found.size() >= n || System.nanoTime() > deadline) {
                return found;
            }
            Thread.sleep(10);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
