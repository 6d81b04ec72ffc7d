package wechatpay.reactor.notification;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import wechatpay.reactor.notification.NotificationException.Reason;

/** NotificationReply: exactly what WeChat Pay expects back, and nothing of an error's internals. */
class NotificationReplyTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void successIs200WithoutBody() {
        NotificationReply ok = NotificationReply.success();
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.isSuccess()).isTrue();
        assertThat(ok.body()).isEmpty();
        assertThat(ok.contentType()).isEmpty();
        assertThat(ok.message()).isEmpty();
        assertThat(ok).hasToString("NotificationReply[200]");
    }

    @Test
    void failureIsTheFailJson() {
        NotificationReply fail = NotificationReply.failure(503, "库存服务暂不可用");
        assertThat(fail.status()).isEqualTo(503);
        assertThat(fail.isSuccess()).isFalse();
        assertThat(fail.contentType()).contains("application/json");
        assertThat(new String(fail.body(), UTF_8)).isEqualTo("{\"code\":\"FAIL\",\"message\":\"库存服务暂不可用\"}");
    }

    // Quotes and control characters cannot break the JSON; a long message is cut.
    @Test
    void messageIsEscapedAndCut() {
        JsonNode json = JSON.readTree(NotificationReply.failure(400, "a \"quoted\"\nline\\" + "x".repeat(500)).body());
        assertThat(json.get("code").stringValue()).isEqualTo("FAIL");
        assertThat(json.get("message").stringValue()).startsWith("a \"quoted\"?line\\").hasSizeLessThanOrEqualTo(121)
                .endsWith("…");
        assertThat(json.size()).isEqualTo(2);
    }

    @Test
    void failureNeedsAnErrorStatusAndAMessage() {
        assertThatThrownBy(() -> NotificationReply.failure(200, "x")).hasMessageStartingWith("status:");
        assertThatThrownBy(() -> NotificationReply.failure(302, "x")).hasMessageStartingWith("status:");
        assertThatThrownBy(() -> NotificationReply.failure(600, "x")).hasMessageStartingWith("status:");
        assertThatThrownBy(() -> NotificationReply.failure(500, " ")).hasMessageStartingWith("message:");
        assertThatThrownBy(() -> NotificationReply.failure(500, null)).hasMessageStartingWith("message:");
    }

    // A verification failure is 401, another refusal 400; the reply names the reason and its fixed summary only.
    @Test
    void refusedCallbacksAre401Or400() {
        NotificationException forged = new NotificationException(Reason.BAD_SIGNATURE,
                "Wechatpay-Signature does not match the answer under key PUB_KEY_ID_0114");
        NotificationReply reply = NotificationReply.of(forged);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(JSON.readTree(reply.body()).get("message").stringValue())
                .isEqualTo("BAD_SIGNATURE: the signature does not verify");

        for (Reason reason : Reason.values()) {
            int status = NotificationReply.of(new NotificationException(reason, "detail")).status();
            assertThat(status).as(reason.name()).isEqualTo(reason.isVerificationFailure() ? 401 : 400);
        }
        // wrapped by Reactor (a bubbling error) it is still recognised
        assertThat(NotificationReply.of(Exceptions.bubble(forged)).status()).isEqualTo(401);
    }

    // Any other error (the application's handler failed) is 500 with a fixed message: no internals leak.
    @Test
    void otherErrorsAre500WithoutInternals() {
        NotificationReply reply = NotificationReply.of(new IllegalStateException("jdbc:postgresql://db password=hunter2"));
        assertThat(reply.status()).isEqualTo(500);
        assertThat(new String(reply.body(), UTF_8)).isEqualTo("{\"code\":\"FAIL\",\"message\":\"internal error\"}")
                .doesNotContain("hunter2");
        assertThat(reply.toString()).doesNotContain("hunter2");
    }

    @Test
    void bodyIsACopyAndValuesCompareByContent() {
        NotificationReply reply = NotificationReply.failure(500, "x");
        reply.body()[0] = 'X';
        assertThat(reply.body()[0]).isEqualTo((byte) '{');
        assertThat(reply).isEqualTo(NotificationReply.failure(500, "x")).hasSameHashCodeAs(NotificationReply.failure(500, "x"))
                .isNotEqualTo(NotificationReply.failure(400, "x"));
    }
}
