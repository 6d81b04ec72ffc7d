package wechatpay.reactor.sandbox;

import java.security.PrivateKey;
import java.util.Arrays;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v3/security/echo}, WeChat Pay's self-test (doc 4015139289, 4019605946): a WeChat Pay API like the
 * others, behind the same signature gate, faults and signed answers. Body, read with {@link ParamRules}:
 * <ul>
 * <li>{@code echo_message}, required, 1 to {@value #MAX_MESSAGE} characters (the limit is the sandbox's choice: none
 *     is published);</li>
 * <li>{@code encrypted_echo_message}, optional, at most {@value #MAX_SEALED} characters: Base64 of an RSA-OAEP
 *     ciphertext under the WeChat Pay key the request's {@code Wechatpay-Serial} names (the header is then required,
 *     as for presign), opened as {@link SealedText} says: a value that does not decrypt is 400 {@code PARAM_ERROR}
 *     naming {@code /encrypted_echo_message}, never showing it;</li>
 * <li>{@code notify_url}, optional, an https URL as for the other notify URLs (http for loopback hosts): a
 *     {@value #EVENT_TYPE} callback, sealed and signed like the others, goes there.</li>
 * </ul>
 * The answer is 200 {@code {"echo_message": <the same text>}}, plus {@code "decrypted_echo_message": <its
 * plaintext>} when {@code encrypted_echo_message} was sent. WeChat Pay documents nothing beyond the echo: the second
 * field, and the callback's plaintext {@code {"mchid", "echo_message"}} with associated data
 * {@value CallbackSender#ECHO_ASSOCIATED_DATA}, are the sandbox's choices. Other methods answer 400
 * {@code INVALID_REQUEST}, as on the credit-repayment paths.
 */
final class SecurityEcho {
    static final String PATH = "/v3/security/echo";
    static final String EVENT_TYPE = "SECURITY_ECHO.SUCCESS";
    static final int MAX_MESSAGE = 1024;
    static final int MAX_SEALED = 1024;
    static final String ENCRYPTED = "encrypted_echo_message";

    private final String mchid;
    private final CallbackSender callbacks;

    SecurityEcho(String mchid, CallbackSender callbacks) {
        this.mchid = mchid;
        this.callbacks = callbacks;
    }

    /**
     * The answer to one echo request. {@code sealingKey} gives the private key the request's {@code Wechatpay-Serial}
     * names, or throws {@link ParamRules.Rejected} when there is none; it is asked only for an encrypted message.
     */
    Answer answer(String method, JsonNode body, Supplier<PrivateKey> sealingKey) {
        try {
            if (!"POST".equals(method)) {
                throw ParamRules.invalidRequest("method " + method + " is not allowed on " + PATH + "; use POST");
            }
            ParamRules rules = ParamRules.body(body);
            String echo = rules.text("echo_message", MAX_MESSAGE);
            String sealed = rules.optionalSealedText(ENCRYPTED, MAX_SEALED);
            String notifyUrl = rules.optionalUrl("notify_url", 256);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.put("echo_message", echo);
            if (sealed != null) {
                char[] plain = SealedText.open(rules, ENCRYPTED, sealed, sealingKey.get());
                out.put("decrypted_echo_message", new String(plain));
                Arrays.fill(plain, '\0');
            }
            if (notifyUrl != null) {
                ObjectNode resource = JsonNodeFactory.instance.objectNode();
                resource.put("mchid", mchid);
                resource.put("echo_message", echo);
                callbacks.securityEchoed(notifyUrl, resource);
            }
            return Answer.ok(out);
        } catch (ParamRules.Rejected rejected) {
            return rejected.answer();
        }
    }
}
