package wechatpay.reactor;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The one read BlockHound may see on a non-blocking thread: RSA blinding (JDK and Bouncy Castle providers)
 * draws random numbers from {@code /dev/urandom} (NativePRNG) while signing. {@code /dev/urandom} never
 * blocks, and signing is CPU work that belongs on {@code Schedulers.parallel()}; everything else stays
 * forbidden.
 */
public final class BlockHoundAllowances implements BlockHoundIntegration {
    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("sun.security.rsa.RSACore", "getBlindingRandomPair");
        builder.allowBlockingCallsInside("org.bouncycastle.crypto.engines.RSABlindedEngine", "processInput");
    }
}
