package wechatpay.reactor.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.LocalDate;
import java.time.ZoneId;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.internal.Oaep;

/** Shared keys (RSA generation is slow) and valid request bodies over a sandbox's seeded contracts. */
final class SandboxFixtures {
    static final SandboxIdentity IDENTITY = SandboxIdentity.generate();
    static final String PARTNER = "/v3/credit-repayment/partner";
    static final String SCHEDULE = PARTNER + "/schedule-records/batch-create";
    static final String DEDUCT = PARTNER + "/deduct-orders";
    static final String APP_PRESIGN = PARTNER + "/contracts/app-presign";
    /** The plaintext identity of {@link #presign}: it must never show in an answer. */
    static final String ID_NUMBER = "11010519491231002X";
    static final String REAL_NAME = "张三";

    private SandboxFixtures() {
    }

    static LocalDate beijingToday() {
        return LocalDate.now(ZoneId.of("Asia/Shanghai"));
    }

    /** A valid one-item batch-create body for {@code contract} (min 20% so both plan types accept it). */
    static ObjectNode schedule(Contract contract, String outRecordId, long amount) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("contract_id", contract.contractId());
        body.put("appid", contract.appid());
        body.put("openid", contract.openid());
        ObjectNode item = body.putArray("schedule_items").addObject();
        item.put("out_record_id", outRecordId);
        item.put("sub_mchid", contract.subMchid());
        item.put("repayment_amount", Long.toString(amount));
        item.put("min_repayment_amount", Long.toString(amount / 5));
        item.put("repayment_date", beijingToday().plusDays(3).toString());
        item.put("description", "信贷还款");
        return body;
    }

    /** A valid deduct order body repaying {@code outRecordId} of {@code contract} (at least 20% of its amount). */
    static ObjectNode deduct(Contract contract, String outTradeNo, String outRecordId, long amount, String notifyUrl) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("contract_id", contract.contractId());
        body.put("out_trade_no", outTradeNo);
        body.put("out_record_id", outRecordId);
        body.put("deduct_amount", Long.toString(amount));
        body.put("notify_url", notifyUrl);
        body.put("description", "信贷还款");
        return body;
    }

    /** A valid APP presign body whose real_identity is RSA-OAEP encrypted for {@code key}. */
    static ObjectNode presign(String outContractCode, PublicKey key, String notifyUrl) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("appid", "wxd678efh567hg6787")
                .put("plan_id", "CONSUMER_LOAN_PLAN").put("out_contract_code", outContractCode).put("display_name", "***G")
                .put("contract_notify_url", notifyUrl).put("repayment_day", 5)
                .put("repayment_amount_limit", "100000").put("sub_mchid", "1900000109");
        body.putObject("real_identity").put("identity_type", "REAL_IDENTITY_TYPE_ID_CARD")
                .put("identity_id", Oaep.encrypt(key, ID_NUMBER.getBytes(StandardCharsets.UTF_8)))
                .put("real_name", Oaep.encrypt(key, REAL_NAME.getBytes(StandardCharsets.UTF_8)));
        return body;
    }

    static String text(ObjectNode node) {
        return SandboxCaller.JSON.writeValueAsString(node);
    }
}
