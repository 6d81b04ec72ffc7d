package wechatpay.reactor.sandbox;

import io.netty.channel.ChannelOption;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
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
import tools.jackson.databind.node.JsonNodeFactory;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.Nonces;

/**
 * One request, in WeChat Pay's order: gate (headers, signature) → latency → fault before acting, or act and
 * the fault after acting → signed answer. Each {@link Fault}'s behaviour is one case of {@link #faulty}, plus
 * what {@link Fault#spoilsSignature()}, {@link Fault#GARBLED} and {@link Fault#NO_REQUEST_ID} do to the answer. RSA work runs on {@code Schedulers.parallel()}, not the event loop.
 */
final class SandboxHandler {
    static final String PARTNER = "/v3/credit-repayment/partner/";
    private static final byte[] EMPTY = new byte[0];

    private final JsonMapper json;
    private final RequestGate gate;
    private final AnswerSigner signer;
    private final FaultPlan faults;
    private final FaultPlan certificateListFaults;
    private final Ledger ledger;
    private final SecurityEcho echo;
    private final SandboxStats stats;
    private final SandboxIdentity identity;
    private final SandboxKeys keys;
    private final Clock clock;

    /** {@code certificateListFaults} strike {@code GET /v3/certificates} first; {@code faults} every API after that. */
    SandboxHandler(JsonMapper json, RequestGate gate, AnswerSigner signer, FaultPlan faults,
            FaultPlan certificateListFaults, Ledger ledger, SecurityEcho echo, SandboxStats stats,
            SandboxIdentity identity, SandboxKeys keys, Clock clock) {
        this.json = json;
        this.gate = gate;
        this.signer = signer;
        this.faults = faults;
        this.certificateListFaults = certificateListFaults;
        this.ledger = ledger;
        this.echo = echo;
        this.stats = stats;
        this.identity = identity;
        this.keys = keys;
        this.clock = clock;
        Nonces.random();    // the nonce DRBG's first use reads entropy (blocking): here, not on a parallel thread
    }

    Publisher<Void> handle(HttpServerRequest req, HttpServerResponse res) {
        long sequence = stats.begin();
        String method = req.method().name();
        String uri = req.uri();
        Function<String, String> header = name -> req.requestHeaders().get(name);
        String nonce = gate.nonceOf(header);
        WechatPaySandbox.Mode mode = keys.mode();
        if (Incoming.certificateList(method, uri)) {
            stats.certificateDownload();
        }
        return req.receive().aggregate().asByteArray().defaultIfEmpty(EMPTY)
                .publishOn(Schedulers.parallel())
                .flatMap(body -> exchange(new Incoming(mode, method, uri, header, body)))
                .doOnNext(out -> stats.record(new SandboxStats.RecordedRequest(sequence, method, uri, nonce,
                        out.resets() ? SandboxStats.RESET : out.answer().status(),
                        out.fault().map(Enum::name).orElse(null))))
                .flatMap(out -> out.resets() ? reset(res) : send(res, out, sequence))
                .doFinally(signal -> stats.finish());
    }

    private Mono<Delivery> exchange(Incoming in) {
        Optional<Answer> refused = gate.check(in.mode(), in.method(), in.uri(), in.header(), in.body());
        if (refused.isPresent()) {
            return Mono.just(new Delivery(signed(refused.get(), in, Optional.empty()), Optional.empty()));
        }
        FaultPlan.Decision decision = decide(in);
        Mono<Delivery> delivery = Mono.fromSupplier(() -> {
            Optional<Fault> fault = decision.fault();
            Answer acted = fault.filter(Fault::beforeActing).isPresent() ? null : act(in);
            Answer answer = fault.map(f -> faulty(f, acted, in)).orElse(acted);
            return new Delivery(signed(answer, in, fault), fault);
        });
        return decision.latency().isZero() ? delivery
                : Mono.delay(decision.latency()).then(delivery);
    }

    /** The certificate list's own plan first (when it strikes or delays), else the plan of every API. */
    private FaultPlan.Decision decide(Incoming in) {
        String name = in.method() + ' ' + in.uri() + ' ' + Arrays.hashCode(in.body());
        long now = clock.millis();
        if (Incoming.certificateList(in.method(), in.uri())) {
            FaultPlan.Decision own = certificateListFaults.decide(name, now);
            if (own.fault().isPresent() || !own.latency().isZero()) {
                return own;
            }
        }
        return faults.decide(name, now);
    }

    /** The answer a fault makes of the ledger's ({@code acted}, null for a fault before acting). */
    private Answer faulty(Fault fault, Answer acted, Incoming in) {
        return switch (fault) {
            case THROTTLE -> Answer.error(429, "FREQUENCY_LIMITED", "too many requests, slow down", null);
            case SERVER_ERROR -> Answer.error(500, "SYSTEM_ERROR", "system error, retry with the same parameters", null);
            case UNAVAILABLE -> Answer.error(503, "SERVICE_UNAVAILABLE", "service unavailable, retry later", null);
            case SIGN_ERROR -> gate.signatureMismatch(in.method(), in.uri(), in.header(), in.body());
            case RESET_BEFORE -> Answer.noContent();
            case ACCEPTED -> new Answer(202, null);
            case MISSING_OPTIONAL -> AnswerEdits.withoutOptional(acted);
            case UNKNOWN_FIELDS -> AnswerEdits.withUnknownFields(acted);
            case GARBLED -> new Answer(200, acted.body() != null ? acted.body() : JsonNodeFactory.instance.objectNode());
            case RESET_AFTER, FORGE, STALE, PROBE, UNKNOWN_SERIAL, NO_REQUEST_ID -> acted;
        };
    }

    private Answer act(Incoming in) {
        String uri = in.uri();
        int q = uri.indexOf('?');
        String path = decode(q < 0 ? uri : uri.substring(0, q));
        Map<String, String> query = query(q < 0 ? "" : uri.substring(q + 1));
        if (path.equals(CertificateList.PATH) && in.method().equals("GET")) {
            return CertificateList.answer(identity, keys.certificates(), in.mode());
        }
        boolean partner = path.startsWith(PARTNER);
        if (!partner && !path.equals(SecurityEcho.PATH)) {
            return Answer.error(404, "RESOURCE_NOT_EXISTS", "no such API: " + in.method() + " " + path, null);
        }
        JsonNode tree = null;
        if (in.body().length > 0) {
            try {
                tree = json.readTree(in.body());
            } catch (JacksonException e) {
                return ParamRules.notJson().answer();
            }
        }
        if (!partner) {
            JsonNode body = tree;
            return echo.answer(in.method(), body, () -> sealingKey(in));
        }
        return partner(in, path.substring(PARTNER.length()), query, tree);
    }

    /**
     * The private key of the WeChat Pay key the request's {@code Wechatpay-Serial} names, for its encrypted fields;
     * 400 {@code PARAM_ERROR} on the header without it, or when the key is no longer held (rotated out meanwhile).
     */
    private PrivateKey sealingKey(Incoming in) {
        String serial = in.header().apply(Headers.WECHATPAY_SERIAL);
        if (serial == null || serial.isBlank()) {
            throw ParamRules.paramError(Headers.WECHATPAY_SERIAL, null,
                    "Wechatpay-Serial header is required with encrypted fields", "header");
        }
        return keys.decryptionKey(serial).orElseThrow(() -> ParamRules.paramError(Headers.WECHATPAY_SERIAL,
                JsonNodeFactory.instance.stringNode(serial), "Wechatpay-Serial names no WeChat Pay key the merchant "
                        + "holds now: " + SandboxKeys.rule(in.mode()), "header"));
    }

    /** A credit-repayment request: its real_identity, when sent, is decrypted before the ledger acts. */
    private Answer partner(Incoming in, String path, Map<String, String> query, JsonNode tree) {
        String masked = null;
        if (tree != null && tree.has(RealIdentity.FIELD)) {
            try {
                masked = RealIdentity.open(tree, sealingKey(in));
            } catch (ParamRules.Rejected rejected) {
                return rejected.answer();
            }
        }
        Answer answer = ledger.handle(in.method(), path, query, tree);
        if (masked != null && answer.status() == 200) {
            stats.identityDecrypted(masked);
        }
        return answer;
    }

    private SignedAnswer signed(Answer answer, Incoming in, Optional<Fault> fault) {
        byte[] body = answer.body() == null ? EMPTY : json.writeValueAsBytes(answer.body());
        if (fault.orElse(null) == Fault.GARBLED) {
            body = Arrays.copyOf(body, body.length / 2);      // no proper prefix of a JSON object is JSON
        }
        Map<String, String> headers = new LinkedHashMap<>(signer.sign(body, in.mode(),
                in.header().apply(Headers.WECHATPAY_SERIAL), in.uri().startsWith(CertificateList.PATH),
                fault.filter(Fault::spoilsSignature)));
        if (body.length > 0) {
            headers.put(Headers.CONTENT_TYPE, Headers.JSON);
        }
        return new SignedAnswer(answer.status(), headers, body);
    }

    private Mono<Void> send(HttpServerResponse res, Delivery out, long sequence) {
        SignedAnswer a = out.answer();
        res.status(a.status());
        if (out.fault().orElse(null) != Fault.NO_REQUEST_ID) {
            res.header(Headers.REQUEST_ID, String.format("08%038X", sequence));
        }
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

    /** Percent-decoding of a path or query part; {@code +} stays a plus. */
    static String decode(String s) {
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

    /** One request as received: the mode when it arrived, the raw URI, header lookup and body bytes. */
    private record Incoming(WechatPaySandbox.Mode mode, String method, String uri, Function<String, String> header,
            byte[] body) {
        /** {@code GET /v3/certificates}, whatever its query. */
        static boolean certificateList(String method, String uri) {
            int q = uri.indexOf('?');
            return "GET".equals(method) && decode(q < 0 ? uri : uri.substring(0, q)).equals(CertificateList.PATH);
        }
    }

    private record Delivery(SignedAnswer answer, Optional<Fault> fault) {
        boolean resets() {
            return fault.filter(Fault::resetsConnection).isPresent();
        }
    }
}
