package wechatpay.reactor.sandbox;

import io.netty.channel.ChannelOption;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.CertificateInfo;
import wechatpay.reactor.internal.AesGcm;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.Nonces;
import wechatpay.reactor.internal.Pem;

/**
 * One request, in WeChat Pay's order: gate (headers, signature) → fault before acting → latency → act →
 * fault after acting → signed answer. RSA work runs on {@code Schedulers.parallel()}, not the event loop.
 */
final class SandboxHandler {
    static final String PARTNER = "/v3/credit-repayment/partner/";
    private static final String CERTIFICATES = "/v3/certificates";
    private static final byte[] EMPTY = new byte[0];

    private final JsonMapper json;
    private final RequestGate gate;
    private final AnswerSigner signer;
    private final FaultPlan faults;
    private final Ledger ledger;
    private final SandboxStats stats;
    private final SandboxIdentity identity;
    private final WechatPaySandbox.Mode mode;
    private final Clock clock;

    SandboxHandler(JsonMapper json, RequestGate gate, AnswerSigner signer, FaultPlan faults, Ledger ledger,
            SandboxStats stats, SandboxIdentity identity, WechatPaySandbox.Mode mode, Clock clock) {
        this.json = json;
        this.gate = gate;
        this.signer = signer;
        this.faults = faults;
        this.ledger = ledger;
        this.stats = stats;
        this.identity = identity;
        this.mode = mode;
        this.clock = clock;
    }

    Publisher<Void> handle(HttpServerRequest req, HttpServerResponse res) {
        long sequence = stats.begin();
        String method = req.method().name();
        String uri = req.uri();
        Function<String, String> header = name -> req.requestHeaders().get(name);
        String nonce = gate.nonceOf(header);
        return req.receive().aggregate().asByteArray().defaultIfEmpty(EMPTY)
                .publishOn(Schedulers.parallel())
                .flatMap(body -> exchange(method, uri, header, body))
                .doOnNext(out -> stats.record(new SandboxStats.RecordedRequest(sequence, method, uri, nonce,
                        out.resets() ? SandboxStats.RESET : out.answer().status(),
                        out.fault().map(Enum::name).orElse(null))))
                .flatMap(out -> out.resets() ? reset(res) : send(res, out, sequence))
                .doFinally(signal -> stats.finish());
    }

    private Mono<Outcome> exchange(String method, String uri, Function<String, String> header, byte[] body) {
        Optional<Reply> refused = gate.check(method, uri, header, body);
        if (refused.isPresent()) {
            return Mono.just(new Outcome(answer(refused.get(), header, uri, Optional.empty()), Optional.empty()));
        }
        FaultPlan.Decision decision = faults.decide(method + ' ' + uri + ' ' + Arrays.hashCode(body),
                clock.millis());
        Mono<Outcome> outcome = Mono.fromSupplier(() -> {
            Optional<Fault> fault = decision.fault();
            if (fault.isPresent() && fault.get().beforeActing()) {
                return new Outcome(answer(refusal(fault.get()), header, uri, Optional.empty()), fault);
            }
            Reply reply = act(method, uri, header, body);
            return new Outcome(answer(reply, header, uri, fault.filter(Fault::spoilsSignature)), fault);
        });
        return decision.latency().isZero() ? outcome
                : Mono.delay(decision.latency()).then(outcome);
    }

    private static Reply refusal(Fault fault) {
        return switch (fault) {
            case THROTTLE -> Reply.error(429, "FREQUENCY_LIMITED", "too many requests, slow down", null);
            case SERVER_ERROR -> Reply.error(500, "SYSTEM_ERROR", "system error, retry with the same parameters", null);
            case UNAVAILABLE -> Reply.error(503, "SERVICE_UNAVAILABLE", "service unavailable, retry later", null);
            default -> Reply.noContent();
        };
    }

    private Reply act(String method, String uri, Function<String, String> header, byte[] body) {
        int q = uri.indexOf('?');
        String path = decode(q < 0 ? uri : uri.substring(0, q));
        Map<String, String> query = query(q < 0 ? "" : uri.substring(q + 1));
        if (path.equals(CERTIFICATES) && method.equals("GET")) {
            return certificates();
        }
        if (!path.startsWith(PARTNER)) {
            return Reply.error(404, "RESOURCE_NOT_EXISTS", "no such API: " + method + " " + path, null);
        }
        JsonNode tree = null;
        if (body.length > 0) {
            try {
                tree = json.readTree(body);
            } catch (JacksonException e) {
                ObjectNode detail = JsonNodeFactory.instance.objectNode();
                detail.put("location", "body");
                detail.put("issue", "the body is not valid JSON");
                return Reply.error(400, "PARAM_ERROR", "the body is not valid JSON", detail);
            }
        }
        if (tree != null && tree.has("real_identity") && header.apply(Headers.WECHATPAY_SERIAL) == null) {
            return Reply.error(400, "PARAM_ERROR", "Wechatpay-Serial header is required with encrypted fields", null);
        }
        return ledger.handle(method, path.substring(PARTNER.length()), query, tree);
    }

    /** {@code GET /v3/certificates}: the platform certificate sealed under the APIv3 key, or 404 in public-key mode. */
    private Reply certificates() {
        if (mode == WechatPaySandbox.Mode.PUBLIC_KEY) {
            return Reply.error(404, "RESOURCE_NOT_EXISTS", "this merchant has no platform certificates: "
                    + "it verifies with the WeChat Pay public key", null);
        }
        CertificateInfo cert = identity.platformCertificate();
        String nonce = Nonces.random().substring(0, 12);
        ObjectNode sealed = JsonNodeFactory.instance.objectNode();
        sealed.put("algorithm", AesGcm.ALGORITHM);
        sealed.put("nonce", nonce);
        sealed.put("associated_data", "certificate");
        sealed.put("ciphertext", identity.apiV3Key().encrypt(nonce, "certificate",
                Pem.encode(cert.x509()).getBytes(StandardCharsets.UTF_8)));
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.put("serial_no", cert.serialNumber());
        item.put("effective_time", Ledger.rfc3339(cert.notBefore()));
        item.put("expire_time", Ledger.rfc3339(cert.notAfter()));
        item.set("encrypt_certificate", sealed);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode data = out.putArray("data");
        data.add(item);
        return Reply.ok(out);
    }

    private Answer answer(Reply reply, Function<String, String> header, String uri, Optional<Fault> signatureFault) {
        byte[] body = reply.body() == null ? EMPTY : json.writeValueAsBytes(reply.body());
        Map<String, String> headers = new LinkedHashMap<>(signer.sign(body, header.apply(Headers.WECHATPAY_SERIAL),
                uri.startsWith(CERTIFICATES), signatureFault));
        if (body.length > 0) {
            headers.put(Headers.CONTENT_TYPE, Headers.JSON);
        }
        return new Answer(reply.status(), headers, body);
    }

    private Mono<Void> send(HttpServerResponse res, Outcome out, long sequence) {
        Answer a = out.answer();
        res.status(a.status());
        res.header(Headers.REQUEST_ID, String.format("08%038X", sequence));
        a.headers().forEach(res::header);
        res.header("Content-Length", Integer.toString(a.body().length));
        return a.body().length == 0 ? res.send() : res.sendByteArray(Mono.just(a.body())).then();
    }

    /** A TCP reset: linger 0 then close, so the client sees the connection die, not a clean end. */
    private static Mono<Void> reset(HttpServerResponse res) {
        res.withConnection(c -> {
            c.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            c.channel().close();
        });
        return Mono.empty();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                out.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return out;
    }

    private record Outcome(Answer answer, Optional<Fault> fault) {
        boolean resets() {
            return fault.filter(Fault::resetsConnection).isPresent();
        }
    }
}
