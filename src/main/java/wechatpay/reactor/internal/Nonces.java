package wechatpay.reactor.internal;

import java.security.SecureRandom;

/** Random nonces as the official SDKs make them: 32 characters of {@code [0-9A-Za-z]}. */
public final class Nonces {
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    /** DRBG: seeded once, then no file reads (NativePRNG reads /dev/urandom, a blocking call on an event loop). */
    private static final SecureRandom RANDOM = drbg();
    public static final int LENGTH = 32;

    private Nonces() {
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    public static String random() {
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
