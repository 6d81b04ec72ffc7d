package wechatpay.reactor.sandbox;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Arrays;
import wechatpay.reactor.internal.Oaep;

/**
 * A request field sealed with RSA-OAEP ({@link Oaep#TRANSFORMATION}) for the WeChat Pay key the request's
 * {@code Wechatpay-Serial} names, opened with that key's private half as WeChat Pay does. A value that is not Base64,
 * was sealed for another key, was altered, or does not open to non-empty UTF-8 text is refused as 400
 * {@code PARAM_ERROR} naming its JSON Pointer, never showing the value. The caller wipes the characters it gets.
 */
final class SealedText {
    private SealedText() {
    }

    /** The plaintext of field {@code name} of {@code owner} ({@code ciphertext}, its Base64 value), as characters. */
    static char[] open(ParamRules owner, String name, String ciphertext, PrivateKey key) {
        byte[] plain;
        try {
            plain = Oaep.decrypt(key, ciphertext);
        } catch (IllegalArgumentException e) {
            throw owner.rejectUnseen(name, name + " does not decrypt: it must be Base64 of an RSA-OAEP ("
                    + Oaep.TRANSFORMATION + ") ciphertext under the WeChat Pay key that Wechatpay-Serial names");
        }
        try {
            if (plain.length == 0) {
                throw owner.rejectUnseen(name, name + " decrypts to nothing: encrypt the non-empty value");
            }
            var text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(plain));
            char[] chars = new char[text.remaining()];
            text.get(chars);
            Arrays.fill(text.array(), '\0');
            return chars;
        } catch (CharacterCodingException e) {
            throw owner.rejectUnseen(name, name + " decrypts to bytes that are not UTF-8 text");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }
}
