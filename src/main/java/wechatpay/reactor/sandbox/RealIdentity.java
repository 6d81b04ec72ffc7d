package wechatpay.reactor.sandbox;

import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.internal.Oaep;

/**
 * A presign's {@code real_identity}: {@code identity_type} one of {@link #TYPES}, {@code identity_id} (at most 512
 * characters of Base64 ciphertext) and {@code real_name}, both RSA-OAEP ({@link Oaep#TRANSFORMATION}) ciphertexts
 * under the WeChat Pay key the request's {@code Wechatpay-Serial} names, both opened (and refused) as
 * {@link SealedText} says.
 * The plaintexts are wiped once read; only the last four characters of {@code identity_id}, masked, are kept.
 * No length rule is documented for {@code real_name}: it only has to decrypt.
 */
final class RealIdentity {
    static final String FIELD = "real_identity";
    static final Set<String> TYPES = Set.of("REAL_IDENTITY_TYPE_INVALID", "REAL_IDENTITY_TYPE_ID_CARD");
    private static final int MAX_IDENTITY_ID = 512;
    private static final String MASK = "****";

    private RealIdentity() {
    }

    /**
     * Checks and decrypts {@code body.real_identity} with {@code key}; answers {@code identity_id} masked to its
     * last four characters ({@code ****123X}). Throws {@link ParamRules.Rejected} on the first broken rule.
     */
    static String open(JsonNode body, PrivateKey key) {
        ParamRules identity = ParamRules.body(body).object(FIELD, true);
        identity.oneOf("identity_type", TYPES);
        String id = identity.sealedText("identity_id", MAX_IDENTITY_ID);
        String name = identity.sealedText("real_name", Integer.MAX_VALUE);
        char[] idText = SealedText.open(identity, "identity_id", id, key);
        char[] nameText = SealedText.open(identity, "real_name", name, key);
        Arrays.fill(nameText, '\0');
        String masked = MASK + (idText.length > 4 ? new String(idText, idText.length - 4, 4) : "");
        Arrays.fill(idText, '\0');
        return masked;
    }
}
