package wechatpay.reactor.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Realistic wire payloads and ids shared by the benchmarks, and the provider parameter's meaning. */
final class Fixtures {
    static final String METHOD = "POST";
    static final String PATH = "/v3/credit-repayment/partner/schedule-records/batch-create";
    static final String MCHID = "1900000001";
    static final String MERCHANT_SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
    static final String PUBLIC_KEY_ID = "PUB_KEY_ID_0000000000000000000000000001";
    static final long TIMESTAMP = 1_769_500_800L;
    static final String NONCE = "593BEC0C930BF1AFEB40B4A08C8FB242";

    /** One schedule item, as the client sends it (381 bytes of UTF-8). */
    static final byte[] REQUEST_BODY = ("{\"contract_id\":\"CR2026012700001234\","
            + "\"appid\":\"wxd678efh567hg6787\",\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\","
            + "\"schedule_items\":[{\"out_record_id\":\"RR202601270000000000000000000001\","
            + "\"sub_mchid\":\"1900000109\",\"sub_appid\":\"wx8888888888888888\","
            + "\"repayment_amount\":\"150000\",\"min_repayment_amount\":\"7500\","
            + "\"repayment_date\":\"2026-02-10\",\"description\":\"信用卡还款\","
            + "\"attach\":\"b20260127-0001\"}]}").getBytes(StandardCharsets.UTF_8);

    /** The matching answer, as WeChat Pay returns it (358 bytes of UTF-8). */
    static final byte[] RESPONSE_BODY = ("{\"schedule_records\":[{\"out_record_id\":\"RR202601270000000000000000000001\","
            + "\"appid\":\"wxd678efh567hg6787\",\"sub_appid\":\"wx8888888888888888\","
            + "\"contract_id\":\"CR2026012700001234\",\"repayment_amount\":\"150000\","
            + "\"min_repayment_amount\":\"7500\",\"repayment_date\":\"2026-02-10\","
            + "\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\",\"description\":\"信用卡还款\","
            + "\"attach\":\"b20260127-0001\"}]}")
            .getBytes(StandardCharsets.UTF_8);

    private Fixtures() {
    }

    /** {@code JDK}: null, the JDK's default provider; {@code BC}: a fresh Bouncy Castle provider (not installed). */
    /**
     * The provider by name, always explicit: our signer and verifier pick the native provider when given none,
     * so "JDK" names the JDK's own RSA provider rather than null.
     */
    static Provider provider(String name) {
        switch (name) {
            case "ACCP":
                return java.util.Objects.requireNonNull(wechatpay.reactor.internal.RsaProvider.preferred(),
                        "ACCP: the Amazon Corretto Crypto Provider is not usable here");
            case "JDK":
                return java.security.Security.getProvider("SunRsaSign");
            case "BC":
                return new BouncyCastleProvider();
            default:
                throw new IllegalArgumentException("provider: expected ACCP, JDK or BC, found '" + name + "'");
        }
    }
}
