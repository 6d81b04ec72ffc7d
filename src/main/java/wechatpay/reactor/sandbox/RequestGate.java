package wechatpay.reactor.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.internal.Authorization;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.Rsa;
import wechatpay.reactor.internal.SigningMessage;

/**
 * The checks WeChat Pay makes before it reads a request: Accept and User-Agent present (400 INVALID_REQUEST),
 * an Authorization header of the registered merchant, fresh and correctly signed (401 SIGN_ERROR, with
 * {@code detail.sign_information} when the signature does not match), and a {@code Wechatpay-Serial}, when sent,
 * that names a WeChat Pay key the merchant has in the request's mode (400 PARAM_ERROR, {@code detail.location}
 * header). A blank {@code Wechatpay-Serial} counts as absent: the official Java SDK's certificate downloader sends
 * {@code Wechatpay-Serial: ""}, and WeChat Pay serves it.
 */
final class RequestGate {
    private static final long WINDOW_SECONDS = 300;
    private static final int TRUNCATE = 256;

    private final String mchid;
    private final String merchantSerial;
    private final PublicKey merchantKey;
    private final SandboxKeys keys;
    private final Clock clock;

    RequestGate(SandboxIdentity identity, SandboxKeys keys, Clock clock) {
        this.keys = keys;
        this.mchid = identity.mchid();
        this.merchantSerial = identity.merchantSerial();
        this.merchantKey = identity.merchantKeys().getPublic();
        this.clock = clock;
    }

    /** The refusal, or empty when the request (arrived in {@code mode}) may go on. */
    Optional<Answer> check(WechatPaySandbox.Mode mode, String method, String uri, Function<String, String> header, byte[] body) {
        if (blank(header.apply(Headers.ACCEPT))) {
            return Optional.of(Answer.error(400, "INVALID_REQUEST", "Accept header is required", null));
        }
        if (blank(header.apply(Headers.USER_AGENT))) {
            return Optional.of(Answer.error(400, "INVALID_REQUEST", "User-Agent header is required", null));
        }
        Optional<Map<String, String>> parsed = Authorization.parse(header.apply(Headers.AUTHORIZATION));
        if (parsed.isEmpty()) {
            return signError("Authorization header is missing or not in the WECHATPAY2-SHA256-RSA2048 format");
        }
        Map<String, String> auth = parsed.get();
        for (String pair : new String[] {Authorization.MCHID, Authorization.NONCE, Authorization.TIMESTAMP,
                Authorization.SERIAL, Authorization.SIGNATURE}) {
            if (blank(auth.get(pair))) {
                return signError("Authorization is missing " + pair);
            }
        }
        if (!mchid.equals(auth.get(Authorization.MCHID))) {
            return signError("mchid " + auth.get(Authorization.MCHID) + " is not the registered merchant");
        }
        if (!merchantSerial.equals(auth.get(Authorization.SERIAL))) {
            return signError("serial_no " + auth.get(Authorization.SERIAL)
                    + " is not the API certificate serial of merchant " + mchid);
        }
        long ts;
        try {
            ts = Long.parseLong(auth.get(Authorization.TIMESTAMP));
        } catch (NumberFormatException e) {
            return signError("timestamp is not a number of seconds");
        }
        if (Math.abs(clock.instant().getEpochSecond() - ts) >= WINDOW_SECONDS) {
            return signError("timestamp is 5 minutes or more off the server's time");
        }
        byte[] message = SigningMessage.request(method, uri, ts, auth.get(Authorization.NONCE), body);
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(auth.get(Authorization.SIGNATURE));
        } catch (IllegalArgumentException e) {
            signature = new byte[0];
        }
        if (!Rsa.verifyPreferred(merchantKey, message, signature)) {
            return Optional.of(mismatch(method, uri, message));
        }
        return untrustedSerial(mode, header.apply(Headers.WECHATPAY_SERIAL));
    }

    /**
     * A request's {@code Wechatpay-Serial}, when sent, names the WeChat Pay key the client trusts: one we hold in this
     * mode, any listed platform certificate included.
     */
    private Optional<Answer> untrustedSerial(WechatPaySandbox.Mode mode, String serial) {
        if (blank(serial) || keys.trusts(mode, serial)) {
            return Optional.empty();
        }
        return Optional.of(ParamRules.paramError(Headers.WECHATPAY_SERIAL, JsonNodeFactory.instance.stringNode(serial),
                "Wechatpay-Serial must name a WeChat Pay key of this merchant: " + SandboxKeys.rule(mode), "header")
                .answer());
    }

    /**
     * The 401 SIGN_ERROR of a signature that does not match, for a request that passed {@link #check}: what
     * {@link Fault#SIGN_ERROR} answers.
     */
    Answer signatureMismatch(String method, String uri, Function<String, String> header, byte[] body) {
        Map<String, String> auth = Authorization.parse(header.apply(Headers.AUTHORIZATION)).orElseThrow();
        return mismatch(method, uri, SigningMessage.request(method, uri,
                Long.parseLong(auth.get(Authorization.TIMESTAMP)), auth.get(Authorization.NONCE), body));
    }

    private static Answer mismatch(String method, String uri, byte[] message) {
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        info.put("method", method);
        info.put("url", uri);
        info.put("sign_message_length", message.length);
        String text = new String(message, StandardCharsets.UTF_8);
        info.put("truncated_sign_message", text.length() > TRUNCATE ? text.substring(0, TRUNCATE) : text);
        ObjectNode detail = JsonNodeFactory.instance.objectNode();
        detail.set("sign_information", info);
        detail.put("location", "header");
        detail.put("field", "Authorization");
        return Answer.error(401, "SIGN_ERROR", "the signature does not match the request "
                + "(check the signed message against detail.sign_information)", detail);
    }

    String nonceOf(Function<String, String> header) {
        return Authorization.parse(header.apply(Headers.AUTHORIZATION)).map(a -> a.get(Authorization.NONCE)).orElse(null);
    }

    private static Optional<Answer> signError(String message) {
        return Optional.of(Answer.error(401, "SIGN_ERROR", message, null));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
