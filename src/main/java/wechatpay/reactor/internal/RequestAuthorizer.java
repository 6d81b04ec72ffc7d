package wechatpay.reactor.internal;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import wechatpay.reactor.RequestSigner;

/**
 * Builds the {@code Authorization} header of one attempt: a fresh timestamp from the clock and a fresh
 * nonce on every subscription, so each retry is signed anew.
 */
public final class RequestAuthorizer {
    private final String mchid;
    private final RequestSigner signer;
    private final Clock clock;
    private final Supplier<String> nonces;

    public RequestAuthorizer(String mchid, RequestSigner signer, Clock clock, Supplier<String> nonces) {
        this.mchid = Objects.requireNonNull(mchid, "mchid");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
    }

    /**
     * The header and the message it signs (compared with the server's on SIGN_ERROR). Lazy: nothing
     * is computed before subscription, and every subscription signs again.
     */
    public Mono<Signed> sign(String method, String pathAndQuery, byte[] body) {
        return Mono.defer(() -> {
            long timestamp = clock.instant().getEpochSecond();
            String nonce = nonces.get();
            byte[] message = SigningMessage.request(method, pathAndQuery, timestamp, nonce, body);
            return signer.sign(message).map(signature -> new Signed(
                    Authorization.header(mchid, signer.serial(), nonce, timestamp, signature), message));
        });
    }

    /** An Authorization header and the message it signs (no secret: what the request itself carries). */
    public record Signed(String header, byte[] message) {
        public int messageLength() {
            return message.length;
        }

        @Override
        public String toString() {
            return "Signed[messageLength=" + message.length + ", header=redacted]";
        }
    }

    @Override
    public String toString() {
        return "RequestAuthorizer[mchid=" + mchid + ", signer=" + signer + "]";
    }
}
