package wechatpay.reactor.sandbox;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.VerificationKeys;
import wechatpay.reactor.internal.AesGcm;
import wechatpay.reactor.internal.AnswerVerifier;
import wechatpay.reactor.internal.Verdict;

/**
 * A merchant's notify endpoint for sandbox tests: a Reactor Netty server on a loopback port that answers 204,
 * checks each callback's signature and opens its resource with the APIv3 key.
 */
final class CallbackCatcher implements AutoCloseable {
    private final Sinks.Many<Callback> received = Sinks.many().replay().all();
    private final DisposableServer server;

    /** One callback: its envelope, its signature verdict and its decrypted resource. */
    record Callback(String path, JsonNode envelope, Verdict verdict, JsonNode plaintext) {
        String eventType() {
            return envelope.get("event_type").stringValue();
        }
    }

    CallbackCatcher(SandboxIdentity identity) {
        AnswerVerifier verifier = new AnswerVerifier(VerificationKeys.builder()
                .publicKey(identity.publicKeyId(), identity.wechatPayKeys().getPublic())
                .certificate(identity.platformCertificate()).build());
        byte[] key = identity.apiV3KeyText().getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> req.receive().aggregate().asByteArray().map(body -> {
                    JsonNode envelope = SandboxCaller.JSON.readTree(body);
                    JsonNode sealed = envelope.get("resource");
                    byte[] plain = AesGcm.decrypt(key, sealed.get("nonce").stringValue(),
                            sealed.get("associated_data").stringValue(), sealed.get("ciphertext").stringValue());
                    Verdict verdict = verifier.verify(name -> req.requestHeaders().get(name), body, Instant.now());
                    return new Callback(req.uri(), envelope, verdict, SandboxCaller.JSON.readTree(plain));
                }).doOnNext(this::emit).then(res.status(HttpResponseStatus.NO_CONTENT).send()))
                .bindNow(Duration.ofSeconds(10));
    }

    private synchronized void emit(Callback callback) {
        received.tryEmitNext(callback).orThrow();
    }

    /** An http loopback URL of this catcher (the sandbox accepts http for loopback hosts only). */
    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** Every callback received, from the first: replayed to each subscriber, never completing. */
    Flux<Callback> callbacks() {
        return received.asFlux();
    }

    Flux<Callback> callbacks(String eventType) {
        return callbacks().filter(c -> c.eventType().equals(eventType));
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
