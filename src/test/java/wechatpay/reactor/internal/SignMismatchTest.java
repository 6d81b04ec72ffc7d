package wechatpay.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** What a SIGN_ERROR's sign_information says differs, one culprit at a time. */
class SignMismatchTest {
    private static final String BODY = "{\"contract_id\":\"C1\",\"secret\":\"real identity ciphertext\"}";

    private static byte[] message(String method, String url, long ts, String nonce, String body) {
        return SigningMessage.request(method, url, ts, nonce, body.getBytes(StandardCharsets.UTF_8));
    }

    /** What WeChat Pay reports for the message it checked, cut after {@code keep} characters. */
    private static ObjectNode info(byte[] theirs, String method, String url, int keep) {
        String text = new String(theirs, StandardCharsets.UTF_8);
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        info.put("method", method);
        info.put("url", url);
        info.put("sign_message_length", theirs.length);
        info.put("truncated_sign_message", text.substring(0, Math.min(keep, text.length())));
        return info;
    }

    private static final byte[] OURS = message("POST", "/v3/a?b=1", 1_700_000_000L, "N1", BODY);

    @Test
    void theMethodOrThePathIsNamedWithBothValues() {
        assertThat(SignMismatch.explain(OURS, info(message("PUT", "/v3/a?b=1", 1_700_000_000L, "N1", BODY), "PUT",
                "/v3/a?b=1", 200))).isEqualTo("the method differs: ours 'POST', WeChat Pay's 'PUT'");
        assertThat(SignMismatch.explain(OURS, info(message("POST", "/v3/a?b=%31", 1_700_000_000L, "N1", BODY), "POST",
                "/v3/a?b=%31", 200))).startsWith("the path and query differ: ours '/v3/a?b=1', WeChat Pay's '/v3/a?b=%31'");
    }

    @Test
    void theTimestampOrTheNonceIsNamedWhenWeChatPayShowsItWhole() {
        assertThat(SignMismatch.explain(OURS, info(message("POST", "/v3/a?b=1", 1_700_000_301L, "N1", BODY), "POST",
                "/v3/a?b=1", 200))).startsWith("the timestamp differs: ours '1700000000', WeChat Pay's '1700000301'");
        assertThat(SignMismatch.explain(OURS, info(message("POST", "/v3/a?b=1", 1_700_000_000L, "N2", BODY), "POST",
                "/v3/a?b=1", 200))).isEqualTo("the nonce differs: ours 'N1', WeChat Pay's 'N2'");
    }

    @Test
    void theBodyIsNamedByItsLengthOnlyNeverItsContent() {
        String changed = BODY.replace("C1", "C1 ");
        String why = SignMismatch.explain(OURS, info(message("POST", "/v3/a?b=1", 1_700_000_000L, "N1", changed),
                "POST", "/v3/a?b=1", 32));
        assertThat(why).isEqualTo("the body differs: ours " + BODY.length() + " bytes, WeChat Pay's " + changed.length()
                + " (something between changed it, or it was not sent as signed)");
        assertThat(why).doesNotContain("secret");
    }

    @Test
    void aLengthDifferencePastWhatWeChatPayShowsIsSaidSo() {
        String why = SignMismatch.explain(OURS, info(message("POST", "/v3/a?b=1", 1_700_000_000L, "N1", BODY + " "),
                "POST", "/v3/a?b=1", 12));
        assertThat(why).startsWith("the signed messages differ in length (ours " + OURS.length + " bytes, WeChat Pay's "
                + (OURS.length + 1) + ") past what WeChat Pay shows");
    }

    @Test
    void theSameMessageOnBothSidesMeansTheKeyOrTheSerial() {
        assertThat(SignMismatch.explain(OURS, info(OURS, "POST", "/v3/a?b=1", 30)))
                .contains("the same on both sides").contains("private key or serial_no");
        assertThat(SignMismatch.explain(OURS, null)).startsWith("WeChat Pay sent no sign_information");
        assertThat(SignMismatch.explain(new byte[0], null)).isEqualTo("the signed message is unknown");
    }
}
