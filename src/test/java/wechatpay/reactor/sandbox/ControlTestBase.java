package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.sandbox.SandboxFixtures.APP_PRESIGN;
import static wechatpay.reactor.sandbox.SandboxFixtures.IDENTITY;
import static wechatpay.reactor.sandbox.SandboxFixtures.PARTNER;
import static wechatpay.reactor.sandbox.SandboxFixtures.presign;
import static wechatpay.reactor.sandbox.SandboxFixtures.text;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.internal.Headers;

/** Scaffolding of the control endpoint tests: a callback catcher, unsigned control calls, orders to settle. */
abstract class ControlTestBase extends SandboxTestBase {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    final CallbackCatcher catcher = new CallbackCatcher(IDENTITY);

    @AfterEach
    void stopCatcher() {
        catcher.close();
    }

    /** A control endpoint's answer: no Authorization, no signature. */
    record Control(int status, JsonNode json) {
        String message() {
            return json.get("message").stringValue();
        }
    }

    void presignFor(String outContractCode) {
        SandboxCaller.Answer a = caller.call("POST", APP_PRESIGN,
                text(presign(outContractCode, IDENTITY.wechatPayKeys().getPublic(), catcher.url("/contract"))),
                h -> h.put(Headers.WECHATPAY_SERIAL, IDENTITY.publicKeyId()));
        assertThat(a.status()).isEqualTo(200);
    }

    /** Schedules {@code outRecordId} (10000 fen) on the first seeded contract and deducts 8000 of it. */
    JsonNode deductOrder(String outRecordId, String outTradeNo) {
        assertThat(caller.post(SandboxFixtures.SCHEDULE, text(SandboxFixtures.schedule(contract, outRecordId, 10_000)))
                .status()).isEqualTo(200);
        SandboxCaller.Answer a = caller.post(SandboxFixtures.DEDUCT,
                text(SandboxFixtures.deduct(contract, outTradeNo, outRecordId, 8_000, catcher.url("/paid"))));
        assertThat(a.status()).isEqualTo(200);
        return a.json();
    }

    Control control(String method, String path, String body) {
        return HttpClient.create().baseUrl(sandbox.baseUrl())
                .request(HttpMethod.valueOf(method)).uri(path)
                .send(body == null ? Mono.empty() : Mono.just(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8)))
                .responseSingle((res, content) -> content.asByteArray().defaultIfEmpty(new byte[0])
                        .map(bytes -> new Control(res.status().code(), SandboxCaller.JSON.readTree(bytes))))
                .block(TIMEOUT);
    }
}
