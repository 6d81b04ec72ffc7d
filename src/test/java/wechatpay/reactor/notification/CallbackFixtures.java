package wechatpay.reactor.notification;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.VerificationKeys;
import wechatpay.reactor.integration.Sandboxed;
import wechatpay.reactor.internal.AesGcm;
import wechatpay.reactor.internal.Rsa;
import wechatpay.reactor.internal.SigningMessage;
import wechatpay.reactor.sandbox.SandboxIdentity;

/**
 * Callbacks built as WeChat Pay sends them, with the sandbox identity's WeChat Pay key and APIv3 key: an envelope
 * around an AES-GCM-sealed resource, signed over the exact body bytes. Every piece can be spoilt on its own.
 */
final class CallbackFixtures {
    static final SandboxIdentity IDENTITY = Sandboxed.IDENTITY;
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Instant NOW = Instant.parse("2026-03-01T02:00:00Z");
    static final String AAD = "credit_repayment";
    static final String NONCE = "8fN2kQ0xZs7w";
    static final String EVENT_ID = "EV-2026-0301-0001";

    private CallbackFixtures() {
    }

    static NotificationParser parser() {
        return NotificationParser.builder()
                .keys(VerificationKeys.ofPublicKey(IDENTITY.publicKeyId(), IDENTITY.wechatPayKeys().getPublic()))
                .apiV3Key(IDENTITY.apiV3Key()).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    /** The documented DEDUCTION_PAY resource. */
    static ObjectNode deductionResource() {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("sp_mchid", "1900000001");
        r.put("sub_mchid", "1900000110");
        r.put("appid", "wxd678efh567hg6787");
        r.put("openid", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
        r.put("order_state", "DEDUCT_ORDER_STATE_PAY_SUCCESS");
        r.put("out_trade_no", "T20260301A");
        r.put("out_record_id", "R20260301A");
        r.put("contract_id", "2026000000000000000000001");
        r.put("deduct_amount", "8000");
        r.put("pay_success_amount", "8000");
        r.put("description", "信贷还款-三月");
        r.put("attach", "batch=7");
        r.put("transaction_id", "4200000000000000000000000001");
        return r;
    }

    /** The documented SIGN_CONTRACT / TERMINATE_CONTRACT resource. */
    static ObjectNode contractResource(String state) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("sp_mchid", "1900000001");
        r.put("contract_id", "2026000000000000000000001");
        r.put("plan_id", "CONSUMER_LOAN_PLAN");
        r.put("out_contract_code", "C20260301A");
        r.put("display_name", "***S");
        r.put("contract_state", state);
        r.put("contract_signed_time", "2026-03-01T10:00:00+08:00");
        r.put("repayment_day", 15);
        r.put("repayment_amount_limit", "5000000");
        r.put("appid", "wxd678efh567hg6787");
        r.put("openid", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
        return r;
    }

    /** The envelope of {@code eventType} around {@code plaintext} sealed with {@code associatedData}. */
    static ObjectNode envelope(String eventType, byte[] plaintext, String associatedData) {
        ObjectNode resource = JsonNodeFactory.instance.objectNode();
        resource.put("original_type", AAD);
        resource.put("algorithm", AesGcm.ALGORITHM);
        resource.put("ciphertext", AesGcm.encrypt(IDENTITY.apiV3KeyText().getBytes(UTF_8), NONCE, associatedData,
                plaintext));
        resource.put("associated_data", associatedData);
        resource.put("nonce", NONCE);
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("id", EVENT_ID);
        event.put("create_time", "2026-03-01T10:00:00+08:00");
        event.put("resource_type", "encrypt-resource");
        event.put("event_type", eventType);
        event.put("summary", "还款成功");
        event.set("resource", resource);
        return event;
    }

    static ObjectNode envelope(String eventType, ObjectNode resource) {
        return envelope(eventType, JSON.writeValueAsBytes(resource), AAD);
    }

    static Signed signed(ObjectNode envelope) {
        return sign(JSON.writeValueAsBytes(envelope), NOW.getEpochSecond());
    }

    /** {@code body} signed by WeChat Pay's key at {@code timestamp}. */
    static Signed sign(byte[] body, long timestamp) {
        return sign(body, timestamp, IDENTITY.wechatPayKeys().getPrivate());
    }

    static Signed sign(byte[] body, long timestamp, PrivateKey key) {
        String nonce = "5K8264ILTKCH16CQ2502SI8ZNMTM67VS";
        String signature = Base64.getEncoder().encodeToString(
                Rsa.sign(key, null, SigningMessage.answer(Long.toString(timestamp), nonce, body)));
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Wechatpay-Timestamp", Long.toString(timestamp));
        headers.put("Wechatpay-Nonce", nonce);
        headers.put("Wechatpay-Signature", signature);
        headers.put("Wechatpay-Serial", IDENTITY.publicKeyId());
        headers.put("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048");
        headers.put("Content-Type", "application/json");
        return new Signed(headers, body);
    }

    /** A callback as received: headers (any case) and the raw body. */
    record Signed(Map<String, String> headers, byte[] body) {
        Function<String, String> lookup() {
            Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            copy.putAll(headers);
            return copy::get;
        }

        Signed with(String header, String value) {
            Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            copy.putAll(headers);
            copy.put(header, value);
            return new Signed(copy, body);
        }

        Signed without(String header) {
            Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            copy.putAll(headers);
            copy.remove(header);
            return new Signed(copy, body);
        }

        /** The same headers over another body: the signature no longer matches. */
        Signed withBody(byte[] other) {
            return new Signed(headers, other);
        }

        String signature() {
            return headers.get("Wechatpay-Signature");
        }
    }
}
