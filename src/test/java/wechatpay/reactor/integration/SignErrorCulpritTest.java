package wechatpay.reactor.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.integration.Sandboxed.IDENTITY;
import static wechatpay.reactor.integration.Sandboxed.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.test.StepVerifier;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.WechatPayServiceException;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/**
 * A proxy that changes the request after it was signed (its path, its body, the Authorization timestamp): the
 * sandbox answers 401 SIGN_ERROR with its sign_information, and the exception says which part differs.
 */
class SignErrorCulpritTest {
    private static final String PRESIGN = "v3/credit-repayment/partner/contracts/app-presign";

    private static UnaryOperator<RecordingRelay.Seen> rewrite(String culprit) {
        return seen -> switch (culprit) {
            case "path" -> new RecordingRelay.Seen(seen.method(), seen.uri() + "?via=proxy", seen.headers(), seen.body());
            case "body" -> new RecordingRelay.Seen(seen.method(), seen.uri(), seen.headers(),
                    (new String(seen.body(), StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8));
            default -> new RecordingRelay.Seen(seen.method(), seen.uri(), seen.headers().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getKey().equals("authorization")
                            ? List.of(laterTimestamp(e.getValue().get(0))) : e.getValue())), seen.body());
        };
    }

    /** The Authorization header with its timestamp one second later: still inside the window, no longer signed. */
    private static String laterTimestamp(String authorization) {
        Matcher m = Pattern.compile("timestamp=\"(\\d+)\"").matcher(authorization);
        assertThat(m.find()).isTrue();
        return m.replaceFirst("timestamp=\"" + (Long.parseLong(m.group(1)) + 1) + "\"");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "path; the path and query differ: ours '/v3/credit-repayment/partner/contracts/app-presign', WeChat Pay's "
                + "'/v3/credit-repayment/partner/contracts/app-presign?via=proxy'",
        "body; the body differs: ours",
        "timestamp; the timestamp differs: ours"})
    void aChangedRequestIsASignErrorThatNamesWhatChanged(String culprit, String expected) {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
                RecordingRelay relay = new RecordingRelay(sandbox.baseUrl(), rewrite(culprit));
                WechatPayClient client = client(sandbox).baseUrl(relay.baseUrl()).build()) {
            StepVerifier.create(client.chain(PRESIGN).post(Map.of("appid", "wx1")))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayServiceException.class, s -> {
                        assertThat(s.code()).isEqualTo("SIGN_ERROR");
                        assertThat(s.getMessage()).contains(expected);
                    }))
                    .verify(Duration.ofSeconds(30));
        }
    }
}
