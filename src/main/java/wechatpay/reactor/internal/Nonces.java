package wechatpay.reactor.internal;

import java.security.SecureRandom;

/** Random nonces as the official SDKs make them: 32 characters of {@code [0-9A-Za-z]}. */
public final class Nonces {
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final int LENGTH = 32;

    private Nonces() {
    }

    public static String random() {
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
