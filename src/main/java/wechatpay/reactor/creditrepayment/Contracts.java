package wechatpay.reactor.creditrepayment;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.ApiResponse;
import wechatpay.reactor.Chain;
import wechatpay.reactor.RetryPolicy;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.VerificationKeys;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.WechatPayException;
import wechatpay.reactor.WechatPayServiceException;
import wechatpay.reactor.internal.ClientAccess;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.Oaep;
import wechatpay.reactor.internal.WireReader;

/**
 * Repayment contracts (还款协议): presign (APP and H5), query, terminate. A presign's {@code real_identity} is
 * encrypted with RSA-OAEP under the WeChat Pay key the client trusts first, and the request names that key in
 * {@code Wechatpay-Serial}. A presign is sent again only when WeChat Pay cannot have acted on it (429, 202, no
 * connection): its {@code out_contract_code} is never reusable, so after an ambiguous failure use a new one. A
 * terminate whose result is unknown is settled by querying the contract. Thread-safe; every call is lazy.
 *
 * <pre>{@code
 * Mono<Contracts.AppPresigned> presigned = client.creditRepayment().contracts().appPresign(Presign.builder()
 *     .appid("wxd678efh567hg6787").planId("PLAN1").outContractCode("C20261201001").displayName("***G")
 *     .contractNotifyUrl("https://example.com/wechatpay/contracts").repaymentAmountLimit(500_000)
 *     .realIdentity(RealIdentity.idCard(idNumber, realName))
 *     .build());
 * }</pre>
 */
public final class Contracts {
    static final String APP_PRESIGN = "v3/credit-repayment/partner/contracts/app-presign";
    static final String H5_PRESIGN = "v3/credit-repayment/partner/contracts/h5-presign";
    static final String CONTRACT = "v3/credit-repayment/partner/contracts/{out_contract_code}";
    static final String TERMINATE = "v3/credit-repayment/partner/contracts/terminate";

    private final WechatPayClient client;
    private final Chain appPresign;
    private final Chain h5Presign;
    private final Chain contract;
    private final Chain terminate;

    /** An APP presign's answer: the token for the app's sign-up call, valid 10 minutes. */
    public record AppPresigned(String presignToken, Optional<JsonNode> redirectService) {
    }

    /** An H5 presign's answer: the page where the user signs. */
    public record H5Presigned(String redirectUrl) {
    }

    Contracts(WechatPayClient client) {
        this.client = client;
        ClientAccess access = ClientAccess.get();
        this.appPresign = access.once(client.chain(APP_PRESIGN));
        this.h5Presign = access.once(client.chain(H5_PRESIGN));
        this.contract = client.chain(CONTRACT);
        this.terminate = access.once(client.chain(TERMINATE));
    }

    /** APP presign ({@code contracts/app-presign}); {@code presign} is checked before anything is sent. */
    public Mono<AppPresigned> appPresign(Presign presign) {
        return presign(appPresign, presign, false).map(answer -> answer.decode(body -> {
            WireReader r = WireReader.of(body, "app-presign answer");
            JsonNode service = body.get("redirect_service");
            return new AppPresigned(r.text("presign_token"),
                    service == null || service.isNull() ? Optional.empty() : Optional.of(service));
        }));
    }

    /** H5 presign ({@code contracts/h5-presign}); {@code jumpAppid} is required. */
    public Mono<H5Presigned> h5Presign(Presign presign) {
        return presign(h5Presign, presign, true).map(answer -> answer.decode(body ->
                new H5Presigned(WireReader.of(body, "h5-presign answer").text("redirect_url"))));
    }

    /** The contract {@code outContractCode}, with its state. */
    public Mono<Contract> get(String outContractCode) {
        return Mono.defer(() -> {
            TextRules.required("out_contract_code", outContractCode, 64);
            return contract.get(Map.of("out_contract_code", outContractCode))
                    .map(answer -> answer.decode(Contract::fromJson));
        });
    }

    /**
     * Terminates the contract as the merchant ({@code contracts/terminate}) and gives it as it now stands. When
     * WeChat Pay may have acted but the answer is lost, or it refuses, a query decides: a terminated contract is
     * the result, else the failure.
     */
    public Mono<Contract> terminate(String outContractCode, String remark) {
        return Mono.defer(() -> {
            TextRules.required("out_contract_code", outContractCode, 64);
            TextRules.required("contract_termination_remark", remark, 128);
            Map<String, String> body = Map.of("out_contract_code", outContractCode,
                    "contract_termination_remark", remark);
            return unlessActed(terminate.post(body))
                    .flatMap(answer -> terminated(answer, outContractCode))
                    .onErrorResume(e -> e instanceof WechatPayException w
                                    && (w.mayHaveActed() || w instanceof WechatPayServiceException s && s.status() < 500),
                            e -> get(outContractCode)
                                    .onErrorResume(ignored -> Mono.error(e))
                                    .flatMap(c -> c.state() == ContractState.TERMINATED ? Mono.just(c) : Mono.error(e)));
        });
    }

    private Mono<Contract> terminated(ApiResponse<JsonNode> answer, String outContractCode) {
        if (answer.body() == null) {
            return get(outContractCode);
        }
        return Mono.just(answer.decode(body -> {
            JsonNode info = body.get("contract_info");
            return Contract.fromJson(info != null && !info.isNull() ? info : body);
        }));
    }

    private Mono<ApiResponse<JsonNode>> presign(Chain chain, Presign presign, boolean h5) {
        return Mono.defer(() -> {
            if (presign == null) {
                throw new ValidationException("presign", "required");
            }
            presign.validate(h5);
            VerificationKeys keys = client.keyRing().current();
            Instant now = client.clock().instant();
            String serial = keys.preferredSerial(now);
            PublicKey key = presign.realIdentity().isEmpty() ? null : keys.find(serial, now).orElseThrow(() ->
                    new ValidationException("real_identity", "no WeChat Pay key is valid at " + now
                            + " to encrypt it (keys: " + keys.serials() + ")"));
            JsonNode body = presign.toJson(text -> Oaep.encrypt(key, text.getBytes(StandardCharsets.UTF_8)));
            return unlessActed(chain.header(Headers.WECHATPAY_SERIAL, serial).post(body));
        }).subscribeOn(Schedulers.boundedElastic());   // RSA-OAEP pads with SecureRandom, whose first use may read
                                                       // entropy: never on an event loop nor a parallel worker
    }

    /** Sends again, within the client's retry policy, only what WeChat Pay cannot have acted on. */
    private <T> Mono<T> unlessActed(Mono<T> call) {
        RetryPolicy policy = client.retryPolicy();
        return call.retryWhen(Retry.from(signals -> signals.concatMap(signal -> {
            Throwable e = signal.failure();
            boolean again = e instanceof WechatPayException w && w.isRetryable() && !w.mayHaveActed()
                    && signal.totalRetries() + 1 < policy.maxAttempts();
            return again ? Mono.delay(ClientAccess.get().backoff(policy, signal.totalRetries(), e)) : Mono.error(e);
        })));
    }
}
