package wechatpay.reactor.creditrepayment;

import java.nio.charset.StandardCharsets;
import wechatpay.reactor.ValidationException;

/**
 * The user's real identity for a presign ({@code real_identity}): the client encrypts the number and the name
 * with RSA-OAEP under the WeChat Pay key it trusts and names that key in {@code Wechatpay-Serial}. The plaintext
 * never prints: {@link #toString()} shows the type only, and no message of this client contains it.
 *
 * @param type the document type
 * @param id   the document number (plaintext; encrypted before sending)
 * @param name the real name (plaintext; encrypted before sending)
 */
public record RealIdentity(Type type, String id, String name) {
    /** The most an RSA-2048 OAEP (SHA-1) block holds. */
    static final int MAX_PLAINTEXT_BYTES = 214;

    /** {@code identity_type}. */
    public enum Type {
        /** {@code REAL_IDENTITY_TYPE_INVALID}, the field's default. */
        INVALID("REAL_IDENTITY_TYPE_INVALID"),
        /** {@code REAL_IDENTITY_TYPE_ID_CARD}: a mainland resident identity card. */
        ID_CARD("REAL_IDENTITY_TYPE_ID_CARD");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public static RealIdentity idCard(String id, String name) {
        return new RealIdentity(Type.ID_CARD, id, name);
    }

    void validate() {
        if (type == null) {
            throw new ValidationException("real_identity.identity_type", "required");
        }
        plaintext("real_identity.identity_id", id);
        plaintext("real_identity.real_name", name);
    }

    private static void plaintext(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new ValidationException(field, "required");
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PLAINTEXT_BYTES) {
            throw new ValidationException(field, "must be at most " + MAX_PLAINTEXT_BYTES
                    + " UTF-8 bytes to fit one RSA-OAEP block, found " + bytes);
        }
    }

    @Override
    public String toString() {
        return "RealIdentity[type=" + type + ", id=redacted, name=redacted]";
    }
}
