package wechatpay.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import wechatpay.reactor.internal.Authorization;
import wechatpay.reactor.internal.Certificates;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.Nonces;
import wechatpay.reactor.internal.RawRequest;
import wechatpay.reactor.internal.RawAnswer;
import wechatpay.reactor.internal.Rsa;
import wechatpay.reactor.internal.SigningMessage;
import reactor.test.StepVerifier;
import wechatpay.reactor.internal.Transport;
import wechatpay.reactor.internal.TransportError;

/**
 * Scaffolding of the pipeline tests, which drive the whole pipeline (validate → retry → errorMapping → verify →
 * sign) over a scripted transport: what goes on the wire, how often, signed how, and which exception the caller gets
 * for each kind of answer. Each test class extends it and gets a fresh transport, signer and clients per test.
 */
abstract class PipelineFixtures {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final String MCHID = "1900000001";
    static final String ID = TestKeys.PUBLIC_KEY_ID;
    static final RetryPolicy FAST = RetryPolicy.defaults()
            .withBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).withThrottleBackoff(Duration.ofMillis(2));
    static final String RECORD = "v3/credit-repayment/partner/schedule-records/{out_record_id}";
    static final String BATCH_CREATE = "v3/credit-repayment/partner/schedule-records/batch-create";
    static final Map<String, String> A1 = Map.of("out_record_id", "A1", "contract_id", "C1");
    static final KeyPair FORGER = Certificates.rsaKeyPair(2048);
    private static final AtomicLong REQUEST_IDS = new AtomicLong();

    /** Stands in for a Netty event loop: the scripted transport answers on it. */
    static Scheduler loop;

    final List<WechatPayClient> clients = new ArrayList<>();
    final ScriptedTransport script = new ScriptedTransport();
    final CountingSigner signer = new CountingSigner();

    @BeforeAll
    static void startLoop() {
        loop = Schedulers.newSingle("fake-event-loop");
    }

    @AfterAll
    static void stopLoop() {
        loop.dispose();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WechatPayClient::close);
    }

    /** A JSON body type for typed calls. */
    public record Thing(String name, int count) {
    }

    WechatPayClient client(RetryPolicy policy) {
        return client(b -> b.retryPolicy(policy));
    }

    WechatPayClient client(Consumer<WechatPayClient.Builder> settings) {
        WechatPayClient.Builder b = WechatPayClient.builder()
                .merchant(MCHID, signer)
                .wechatPayPublicKey(ID, TestKeys.WECHATPAY.getPublic())
                .baseUrl("http://127.0.0.1:1")
                .transport(script);
        settings.accept(b);
        WechatPayClient client = b.build();
        clients.add(client);
        return client;
    }

    /** {@code call} fails with a {@link ValidationException} naming {@code field}. */
    static void refusedNaming(Mono<?> call, String field) {
        StepVerifier.create(call)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(ValidationException.class,
                        v -> assertThat(v.field()).isEqualTo(field)))
                .verify(TIMEOUT);
    }

    static RawAnswer signed(int status, String body) {
        return answer(TestKeys.WECHATPAY, ID, Instant.now(), status, utf8(body), h -> { });
    }

    /** An answer signed as WeChat Pay signs: over {@code TIMESTAMP\nNONCE\nBODY\n}, headers then edited. */
    static RawAnswer answer(KeyPair pair, String serial, Instant at, int status, byte[] body,
            Consumer<Map<String, String>> edit) {
        String ts = Long.toString(at.getEpochSecond());
        String nonce = Nonces.random();
        byte[] signature = Rsa.sign(pair.getPrivate(), null, SigningMessage.answer(ts, nonce, body));
        Map<String, String> h = new HashMap<>();
        h.put(Headers.WECHATPAY_TIMESTAMP, ts);
        h.put(Headers.WECHATPAY_NONCE, nonce);
        h.put(Headers.WECHATPAY_SIGNATURE, Base64.getEncoder().encodeToString(signature));
        h.put(Headers.WECHATPAY_SERIAL, serial);
        h.put(Headers.WECHATPAY_SIGNATURE_TYPE, Headers.SIGNATURE_TYPE);
        h.put(Headers.REQUEST_ID, "REQ-" + REQUEST_IDS.incrementAndGet());
        h.put(Headers.CONTENT_TYPE, Headers.JSON);
        edit.accept(h);
        return new RawAnswer(status, h, body);
    }

    static RawAnswer error(int status, String code, String message) {
        return new RawAnswer(status, Map.of(Headers.REQUEST_ID, "REQ-" + REQUEST_IDS.incrementAndGet()),
                utf8("{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}"));
    }

    static Map<String, String> auth(RawRequest r) {
        return Authorization.parse(r.headers().get(Headers.AUTHORIZATION))
                .orElseThrow(() -> new AssertionError("no parsable Authorization on " + r));
    }

    static String nonce(RawRequest r) {
        return auth(r).get(Authorization.NONCE);
    }

    /** The message the request's Authorization claims to sign, rebuilt from what was recorded on the wire. */
    static byte[] signedMessage(RawRequest r) {
        Map<String, String> a = auth(r);
        return SigningMessage.request(r.method(), r.pathAndQuery(), Long.parseLong(a.get(Authorization.TIMESTAMP)),
                a.get(Authorization.NONCE), r.body());
    }

    static boolean signatureVerifies(RawRequest r) {
        return Rsa.verify(TestKeys.MERCHANT.getPublic(), null, signedMessage(r),
                Base64.getDecoder().decode(auth(r).get(Authorization.SIGNATURE)));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Records every request and answers from a queue, on the fake event loop, like the Netty transport would. */
    static final class ScriptedTransport implements Transport {
        final List<RawRequest> requests = new CopyOnWriteArrayList<>();
        final List<String> answerThreads = new CopyOnWriteArrayList<>();
        final AtomicInteger exchanges = new AtomicInteger();
        private final Queue<Function<RawRequest, Mono<RawAnswer>>> answers = new ConcurrentLinkedQueue<>();

        ScriptedTransport answer(RawAnswer response) {
            answers.add(r -> Mono.just(response));
            return this;
        }

        ScriptedTransport fail(TransportError.Kind kind) {
            return fail(new TransportError(kind, "scripted " + kind, null));
        }

        ScriptedTransport fail(Throwable error) {
            answers.add(r -> Mono.error(error));
            return this;
        }

        @Override
        public Mono<RawAnswer> exchange(RawRequest request) {
            exchanges.incrementAndGet();
            return Mono.defer(() -> {
                        requests.add(request);
                        Function<RawRequest, Mono<RawAnswer>> next = answers.poll();
                        return next == null ? Mono.error(new AssertionError("unscripted request " + request))
                                : next.apply(request);
                    })
                    .publishOn(loop)
                    .doOnNext(r -> answerThreads.add(Thread.currentThread().getName()));
        }
    }

    /** The real RSA signer, counted: how often it is asked, subscribed, what it signs and on which thread. */
    static final class CountingSigner implements RequestSigner {
        final RequestSigner delegate = RequestSigner.rsa(TestKeys.MERCHANT_SERIAL, TestKeys.MERCHANT.getPrivate());
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger subscriptions = new AtomicInteger();
        final List<byte[]> messages = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public String serial() {
            return delegate.serial();
        }

        @Override
        public Mono<String> sign(byte[] message) {
            calls.incrementAndGet();
            return delegate.sign(message)
                    .doOnSubscribe(s -> subscriptions.incrementAndGet())
                    .doOnNext(signature -> {
                        messages.add(message.clone());
                        threads.add(Thread.currentThread().getName());
                    });
        }
    }
}
