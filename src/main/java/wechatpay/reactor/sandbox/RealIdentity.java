package wechatpay.reactor.sandbox;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.internal.Oaep;

/**
 * A presign's {@code real_identity}: {@code identity_type} one of {@link #TYPES}, {@code identity_id} (at most 512
 * characters of Base64 ciphertext) and {@code real_name}, both RSA-OAEP ({@link Oaep#TRANSFORMATION}) ciphertexts
 * under the WeChat Pay key the request's {@code Wechatpay-Serial} names. Both are decrypted with that key's private
 * half, as WeChat Pay does; a value that is not Base64, was sealed for another key, was altered, or does not open
 * to non-empty UTF-8 text is refused as 400 {@code PARAM_ERROR} naming its JSON Pointer, never showing the value.
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
        char[] idText = decrypt(identity, "identity_id", id, key);
        char[] nameText = decrypt(identity, "real_name", name, key);
        Arrays.fill(nameText, '\0');
        String masked = MASK + (idText.length > 4 ? new String(idText, idText.length - 4, 4) : "");
        Arrays.fill(idText, '\0');
        return masked;
    }

    private static char[] decrypt(ParamRules identity, String name, String ciphertext, PrivateKey key) {
        byte[] plain;
        try {
            plain = Oaep.decrypt(key, ciphertext);
        } catch (IllegalArgumentException e) {
            throw identity.rejectUnseen(name, name + " does not decrypt: it must be Base64 of an RSA-OAEP ("
                    + Oaep.TRANSFORMATION + ") ciphertext under the WeChat Pay key that Wechatpay-Serial names");
        }
        try {
            if (plain.length == 0) {
                throw identity.rejectUnseen(name, name + " decrypts to nothing: encrypt the non-empty value");
            }
            var text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(plain));
            char[] chars = new char[text.remaining()];
            text.get(chars);
            Arrays.fill(text.array(), '\0');
            return chars;
        } catch (CharacterCodingException e) {
            throw identity.rejectUnseen(name, name + " decrypts to bytes that are not UTF-8 text");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }
}
