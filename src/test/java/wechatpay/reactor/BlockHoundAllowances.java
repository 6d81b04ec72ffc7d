package wechatpay.reactor;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * What BlockHound may see on a non-blocking thread, and why it is not blocking in truth:
 * <ul>
 * <li>RSA blinding (JDK and Bouncy Castle providers) reads {@code /dev/urandom} (NativePRNG) while signing;
 *     {@code /dev/urandom} never blocks, and signing is CPU work that belongs on {@code Schedulers.parallel()}.</li>
 * <li>Jackson takes a short lock while it builds the deserializer of a type the first time (threads that meet a
 *     new type at once wait microseconds for each other); no I/O happens under it.</li>
 * </ul>
 * Everything else stays forbidden.
 */
public final class BlockHoundAllowances implements BlockHoundIntegration {
    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("sun.security.rsa.RSACore", "getBlindingRandomPair");
        builder.allowBlockingCallsInside("org.bouncycastle.crypto.engines.RSABlindedEngine", "processInput");
        builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache",
                "_createAndCacheValueDeserializer");
    }
}
