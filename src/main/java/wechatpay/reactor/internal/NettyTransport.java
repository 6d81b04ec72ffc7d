package wechatpay.reactor.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;

/**
 * The one client class that touches Reactor Netty: a named connection pool sized to the in-flight limit,
 * idle connections dropped before WeChat Pay's 8 s keep-alive ends, connect and response timeouts, a cap on
 * the answer size, and failures classified as {@link TransportError}. Derived transports ({@link #derive})
 * share the pool; the pool closes when the last of them closes. With {@code metrics}, Reactor Netty's HTTP client
 * meters ({@code reactor.netty.http.client.*}) are recorded, tagged with the path template ({@link UriTags}); Reactor
 * Netty registers them in Micrometer's global registry ({@code Metrics.globalRegistry}), and nothing here sets a
 * global hook or registry.
 */
public final class NettyTransport implements Transport, AutoCloseable {
    /** Below the 8 s after which WeChat Pay closes idle keep-alive connections. */
    public static final Duration MAX_IDLE = Duration.ofSeconds(7);

    /** What the transport needs: the base URL (scheme, host, port), the limits, and whether to record meters. */
    public record Options(String baseUrl, int maxConnections, Duration connectTimeout, Duration responseTimeout,
            int maxResponseBytes, String userAgent, String poolName, boolean metrics) {
    }

    /** Whether Micrometer, which {@code metrics} needs, is on the class path. */
    public static boolean metricsAvailable() {
        try {
            Class.forName("io.micrometer.core.instrument.Metrics", false, NettyTransport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private final SharedPool shared;
    private final Options options;
    private final HttpClient http;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    public NettyTransport(Options options) {
        this(new SharedPool(ConnectionProvider.builder(options.poolName())
                .maxConnections(options.maxConnections())
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(options.connectTimeout().plus(options.responseTimeout()))
                .maxIdleTime(MAX_IDLE)
                .maxLifeTime(Duration.ofMinutes(5))
                .evictInBackground(Duration.ofSeconds(5))
                .build(), options.maxConnections()), options);
    }

    private NettyTransport(SharedPool shared, Options options) {
        this.shared = shared;
        this.options = options;
        HttpClient client = HttpClient.create(shared.pool)
                .baseUrl(options.baseUrl())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .responseTimeout(options.responseTimeout())
                .keepAlive(true)
                .compress(false);
        // One tag function per pool, so that the transports sharing it also share its connections' configuration.
        this.http = options.metrics() ? client.metrics(true, shared.uriTags) : client;
    }

    /**
     * A transport with other options on the same pool when the pool size is unchanged; otherwise a new pool.
     * Either way the caller closes what it gets.
     */
    public NettyTransport derive(Options newOptions) {
        if (newOptions.maxConnections() != shared.size) {
            return new NettyTransport(newOptions);
        }
        shared.users.incrementAndGet();
        return new NettyTransport(shared, newOptions);
    }

    @Override
    public Mono<RawAnswer> exchange(RawRequest request) {
        if (closed.get()) {
            return Mono.error(new TransportError(TransportError.Kind.POOL, "the client is closed", null));
        }
        Mono<RawAnswer> call = send(request);
        return options.metrics() ? shared.uriTags.during(request, call) : call;
    }

    private Mono<RawAnswer> send(RawRequest request) {
        int cap = options.maxResponseBytes();
        // Headers go on the request itself: HttpClient.headers(...) would copy the client configuration per call.
        return http.request(HttpMethod.valueOf(request.method()))
                .uri(request.pathAndQuery())
                .send((req, out) -> {
                    req.header(Headers.USER_AGENT, options.userAgent());
                    req.header(Headers.ACCEPT, Headers.JSON);
                    if (request.body().length > 0) {
                        req.header(Headers.CONTENT_TYPE, Headers.JSON);
                    }
                    request.headers().forEach(req::header);
                    return request.body().length == 0 ? Mono.empty() : out.sendByteArray(Mono.just(request.body()));
                })
                .response((res, content) -> {
                    String length = res.responseHeaders().get("Content-Length");
                    if (length != null && parse(length) > cap) {
                        return Mono.error(tooLarge(cap));
                    }
                    Map<String, String> headers = new LinkedHashMap<>();
                    res.responseHeaders().forEach(e -> headers.putIfAbsent(e.getKey(), e.getValue()));
                    return content.collect(ByteArrayOutputStream::new, (out, buf) -> append(out, buf, cap))
                            .map(out -> new RawAnswer(res.status().code(), headers, out.toByteArray()));
                })
                .single()
                .onErrorMap(e -> !(e instanceof TransportError), NettyTransport::classify);
    }

    private static void append(ByteArrayOutputStream out, ByteBuf buf, int cap) {
        if (out.size() + buf.readableBytes() > cap) {
            throw tooLarge(cap);
        }
        byte[] chunk = new byte[buf.readableBytes()];
        buf.readBytes(chunk);
        out.writeBytes(chunk);
    }

    private static TransportError tooLarge(int cap) {
        return new TransportError(TransportError.Kind.RESPONSE_TOO_LARGE, "the answer is larger than " + cap + " bytes",
                null);
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static TransportError classify(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && !(root instanceof TransportError)) {
            if (root instanceof ReadTimeoutException || root instanceof PrematureCloseException) {
                break;
            }
            root = root.getCause();
        }
        if (root instanceof TransportError t) {
            return t;
        }
        if (e instanceof ConnectTimeoutException || root instanceof ConnectTimeoutException || root instanceof ConnectException
                || e instanceof java.net.UnknownHostException) {
            return new TransportError(TransportError.Kind.CONNECT, "cannot connect (" + root.getClass().getSimpleName() + ")", e);
        }
        // The response timeout is Netty's ReadTimeoutException; a plain TimeoutException here can only be the pool's
        // acquire timeout (its pending queue is unbounded, so no other pool refusal can happen): nothing was sent.
        if (e instanceof TimeoutException && !(e instanceof ReadTimeoutException)) {
            return new TransportError(TransportError.Kind.POOL, "no connection became free in time", e);
        }
        if (e instanceof ReadTimeoutException || root instanceof ReadTimeoutException) {
            return new TransportError(TransportError.Kind.TIMEOUT, "no answer within the response timeout", e);
        }
        if (e instanceof PrematureCloseException || e instanceof AbortedException || root instanceof IOException) {
            return new TransportError(TransportError.Kind.RESET, "the connection closed before the answer was complete ("
                    + root.getClass().getSimpleName() + ")", e);
        }
        return new TransportError(TransportError.Kind.OTHER, e.getClass().getSimpleName(), e);
    }

    /** Closes without blocking: the pool is disposed once the last transport sharing it closes. */
    public Mono<Void> closeLater() {
        return Mono.defer(() -> closed.compareAndSet(false, true) && shared.users.decrementAndGet() == 0
                ? shared.pool.disposeLater() : Mono.empty());
    }

    /** Blocks up to 10 s; never call it on a Netty event loop or a parallel worker (use {@link #closeLater()}). */
    @Override
    public void close() {
        closeLater().block(Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return "NettyTransport[" + options.baseUrl() + ", pool=" + options.poolName() + ", maxConnections="
                + options.maxConnections() + "]";
    }

    private static final class SharedPool {
        final ConnectionProvider pool;
        final int size;
        final AtomicInteger users = new AtomicInteger(1);
        final UriTags uriTags = new UriTags();

        SharedPool(ConnectionProvider pool, int size) {
            this.pool = pool;
            this.size = size;
        }
    }
}
