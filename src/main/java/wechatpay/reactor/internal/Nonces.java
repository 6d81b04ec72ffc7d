package wechatpay.reactor.internal;

import java.security.SecureRandom;

/** Random nonces as the official SDKs make them: 32 characters of {@code [0-9A-Za-z]}. */
public final class Nonces {
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    /** DRBG: seeded once, then no file reads (NativePRNG reads /dev/urandom, a blocking call on an event loop). */
    private static final SecureRandom RANDOM = drbg();
    public static final int LENGTH = 32;
    /** Bytes below this map onto the alphabet without bias (4 × 62); larger ones are drawn again. */
    private static final int UNBIASED = 256 - 256 % 62;
    /** One draw nearly always suffices: 32 of 48 bytes below 248 fail with a probability far below 1e-9. */
    private static final int DRAW = 48;

    private Nonces() {
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /**
     * One DRBG draw per nonce, not one per character: each {@code nextInt} is a whole DRBG generation (a
     * synchronized SHA-256 round and its allocations), 32 of them per request.
     */
    public static String random() {
        char[] out = new char[LENGTH];
        byte[] bytes = new byte[DRAW];
        int filled = 0;
        while (filled < LENGTH) {
            RANDOM.nextBytes(bytes);
            for (int i = 0; i < DRAW && filled < LENGTH; i++) {
                int b = bytes[i] & 0xFF;
                if (b < UNBIASED) {
                    out[filled++] = ALPHABET[b % ALPHABET.length];
                }
            }
        }
        return new String(out);
    }
}
