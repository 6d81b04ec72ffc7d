package wechatpay.reactor.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.internal.AesGcm;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.Nonces;

/**
 * Sends credit-repayment callbacks as WeChat Pay does: the event envelope with an AES-GCM-encrypted resource,
 * signed like an answer, POSTed to the notify URL; a non-2xx or a failed connection is retried a bounded
 * number of times (WeChat Pay retries 15 times over hours; the sandbox, quickly).
 */
final class CallbackSender implements Ledger.Events {
    static final String ASSOCIATED_DATA = "credit_repayment";
    /** The sandbox's choice for the self-test callback; WeChat Pay does not publish its own. */
    static final String ECHO_ASSOCIATED_DATA = "security_echo";

    private final JsonMapper json;
    private final AnswerSigner signer;
    private final SandboxIdentity identity;
    private final Clock clock;
    private final int attempts;
    private final Duration backoff;
    private final SandboxStats stats;
    private final HttpClient http;
    private final AtomicLong sequence = new AtomicLong();

    CallbackSender(JsonMapper json, AnswerSigner signer, SandboxIdentity identity, Clock clock, int attempts,
            Duration backoff, SandboxStats stats) {
        this.json = json;
        this.signer = signer;
        this.identity = identity;
        this.clock = clock;
        this.attempts = attempts;
        this.backoff = backoff;
        this.stats = stats;
        this.http = HttpClient.create().responseTimeout(Duration.ofSeconds(5));
    }

    @Override
    public void deductionPaid(String notifyUrl, ObjectNode order) {
        boolean paid = DeductOrder.State.PAY_SUCCESS.wire().equals(order.path("order_state").asString());
        creditRepayment(notifyUrl, "CREDIT_REPAYMENT.DEDUCTION_PAY", paid ? "还款成功" : "还款失败", order);
    }

    @Override
    public void contractSigned(String notifyUrl, ObjectNode contract) {
        creditRepayment(notifyUrl, "CREDIT_REPAYMENT.SIGN_CONTRACT", "签约成功", contract);
    }

    @Override
    public void contractTerminated(String notifyUrl, ObjectNode contract) {
        creditRepayment(notifyUrl, "CREDIT_REPAYMENT.TERMINATE_CONTRACT", "解约成功", contract);
    }

    /** {@code SECURITY_ECHO.SUCCESS} to the echo's {@code notify_url}; {@code resource} as {@link SecurityEcho} makes it. */
    void securityEchoed(String notifyUrl, ObjectNode resource) {
        send(notifyUrl, envelope(SecurityEcho.EVENT_TYPE, "回显成功", ECHO_ASSOCIATED_DATA, resource));
    }

    /** The envelope WeChat Pay posts, with {@code resource} sealed under the APIv3 key. */
    byte[] envelope(String eventType, String summary, ObjectNode resource) {
        return envelope(eventType, summary, ASSOCIATED_DATA, resource);
    }

    private byte[] envelope(String eventType, String summary, String associatedData, ObjectNode resource) {
        String nonce = Nonces.random().substring(0, 12);
        ObjectNode sealed = JsonNodeFactory.instance.objectNode();
        sealed.put("original_type", associatedData);
        sealed.put("algorithm", AesGcm.ALGORITHM);
        sealed.put("ciphertext", identity.seal(nonce, associatedData, json.writeValueAsBytes(resource)));
        sealed.put("associated_data", associatedData);
        sealed.put("nonce", nonce);
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("id", new UUID(0x5ADB0C5L, sequence.incrementAndGet()).toString());
        event.put("create_time", Ledger.rfc3339(clock.instant()));
        event.put("resource_type", "encrypt-resource");
        event.put("event_type", eventType);
        event.put("summary", summary);
        event.set("resource", sealed);
        return json.writeValueAsBytes(event);
    }

    /** Every credit-repayment callback names the partner first: {@code sp_mchid}. */
    private void creditRepayment(String url, String eventType, String summary, ObjectNode resource) {
        ObjectNode named = JsonNodeFactory.instance.objectNode();
        named.put("sp_mchid", identity.mchid());
        named.setAll(resource);
        send(url, envelope(eventType, summary, named));
    }

    /** Delivers {@code body} off the caller's thread, retried as configured; counted in the stats either way. */
    private void send(String url, byte[] body) {
        Mono.defer(() -> post(url, body))
                .retryWhen(Retry.backoff(Math.max(0, attempts - 1), backoff))
                .subscribeOn(Schedulers.parallel())
                .subscribe(ok -> stats.callbackDone(true), e -> stats.callbackDone(false));
    }

    private Mono<Integer> post(String url, byte[] body) {
        stats.callbackAttempt();
        Map<String, String> signed = signer.signCallback(body);
        return http.headers(h -> {
                    signed.forEach(h::set);
                    h.set(Headers.CONTENT_TYPE, Headers.JSON);
                    h.set(Headers.USER_AGENT, "wechatpay-reactor-sandbox");
                })
                .post().uri(url).send(Mono.just(io.netty.buffer.Unpooled.wrappedBuffer(body)))
                .responseSingle((res, content) -> content.then(Mono.just(res.status().code())))
                .flatMap(code -> code >= 200 && code < 300 ? Mono.just(code)
                        : Mono.error(new IllegalStateException("callback answered " + code)));
    }
}
