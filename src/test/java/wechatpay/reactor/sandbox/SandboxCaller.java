package wechatpay.reactor.sandbox;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import wechatpay.reactor.RequestSigner;
import wechatpay.reactor.VerificationKeys;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.RequestAuthorizer;
import wechatpay.reactor.internal.AnswerVerifier;
import wechatpay.reactor.internal.Verdict;

/** A bare signing HTTP caller for sandbox tests: signs like a merchant, returns the raw answer and its verdict. */
final class SandboxCaller implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final WechatPaySandbox sandbox;
    private final RequestAuthorizer authorizer;
    private final AnswerVerifier verifier;
    private final ConnectionProvider pool = ConnectionProvider.create("sandbox-caller", 64);
    private final HttpClient http;

    SandboxCaller(WechatPaySandbox sandbox) {
        this(sandbox, RequestSigner.rsa(sandbox.identity().merchantSerial(),
                sandbox.identity().merchantKeys().getPrivate()), Clock.systemUTC());
    }

    SandboxCaller(WechatPaySandbox sandbox, RequestSigner signer, Clock clock) {
        this.sandbox = sandbox;
        SandboxIdentity id = sandbox.identity();
        this.authorizer = new RequestAuthorizer(id.mchid(), signer, clock, wechatpay.reactor.internal.Nonces::random);
        this.verifier = new AnswerVerifier(VerificationKeys.builder()
                .publicKey(id.publicKeyId(), id.wechatPayKeys().getPublic())
                .certificate(id.platformCertificate()).build());
        this.http = HttpClient.create(pool).baseUrl(sandbox.baseUrl()).responseTimeout(TIMEOUT);
    }

    record Answer(int status, Map<String, List<String>> headers, byte[] body, Verdict verdict) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String exactName) {
            List<String> v = headers.get(exactName);
            return v == null ? null : v.get(0);
        }
    }

    Answer get(String pathAndQuery) {
        return call("GET", pathAndQuery, null, h -> { });
    }

    Answer post(String path, String body) {
        return call("POST", path, body, h -> { });
    }

    Mono<Answer> callAsync(String method, String pathAndQuery, String body, Consumer<Map<String, String>> headers) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        return authorizer.sign(method, pathAndQuery, bytes).map(RequestAuthorizer.Signed::header).flatMap(auth -> {
            Map<String, String> h = new LinkedHashMap<>();
            h.put(Headers.AUTHORIZATION, auth);
            h.put(Headers.ACCEPT, Headers.JSON);
            h.put(Headers.USER_AGENT, "sandbox-test");
            if (body != null) {
                h.put(Headers.CONTENT_TYPE, Headers.JSON);
            }
            headers.accept(h);
            return http.headers(hh -> h.forEach((k, v) -> {
                        if (v != null) {
                            hh.set(k, v);
                        }
                    }))
                    .request(io.netty.handler.codec.http.HttpMethod.valueOf(method)).uri(pathAndQuery)
                    .send(body == null ? Mono.empty() : Mono.just(Unpooled.wrappedBuffer(bytes)))
                    .responseSingle((res, content) -> content.asByteArray().defaultIfEmpty(new byte[0]).map(b -> {
                        Map<String, List<String>> exact = new LinkedHashMap<>();
                        res.responseHeaders().forEach(e -> exact.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>())
                                .add(e.getValue()));
                        Verdict v = verifier.verify(name -> res.responseHeaders().get(name), b, Instant.now());
                        return new Answer(res.status().code(), exact, b, v);
                    }));
        });
    }

    Answer call(String method, String pathAndQuery, String body, Consumer<Map<String, String>> headers) {
        return callAsync(method, pathAndQuery, body, headers).block(TIMEOUT);
    }

    @Override
    public void close() {
        pool.disposeLater().block(TIMEOUT);
    }
}
