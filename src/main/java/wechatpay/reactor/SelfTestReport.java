package wechatpay.reactor;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link WechatPayClient#selfTest()} found: whether a signed {@code POST /v3/security/echo} went through both
 * ways, and when not, the one setting to look at. Meant for start-up checks and health endpoints. Immutable.
 *
 * @param passed        WeChat Pay accepted our signature, its answer verified, and the echo came back
 * @param culprit       {@link Culprit#NONE} when passed, else the setting to look at first
 * @param detail        one line saying what happened (no key, signature or secret)
 * @param verifiedBy    the public-key id or certificate serial that verified the answer
 * @param clockSkew     the answer's {@code Wechatpay-Timestamp} minus this client's clock (positive: ours is behind)
 * @param oaepRoundTrip whether WeChat Pay decrypted the echo we encrypted for its key, when it says so
 * @param requestId     the answer's {@code Request-ID}
 */
public record SelfTestReport(boolean passed, Culprit culprit, String detail, Optional<String> verifiedBy,
        Optional<Duration> clockSkew, Optional<Boolean> oaepRoundTrip, Optional<String> requestId) {

    /** The setting a failed self-test points at. */
    public enum Culprit {
        NONE,
        /** This machine's clock: WeChat Pay or this client found a timestamp 5 minutes or more off. */
        CLOCK,
        /** The merchant's private key does not match its API certificate (WeChat Pay saw the same message). */
        MERCHANT_KEY,
        /** {@code serial_no}: not the serial of the merchant's API certificate. */
        MERCHANT_SERIAL,
        /** The merchant id. */
        MCHID,
        /** The WeChat Pay key this client trusts: the answer did not verify with it (wrong key, id or serial). */
        WECHATPAY_KEY,
        /** No answer: the network, the base URL, a proxy. */
        NETWORK,
        /** Something else; {@code detail} says what. */
        OTHER
    }

    public SelfTestReport {
        Objects.requireNonNull(culprit, "culprit");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(verifiedBy, "verifiedBy");
        Objects.requireNonNull(clockSkew, "clockSkew");
        Objects.requireNonNull(oaepRoundTrip, "oaepRoundTrip");
        Objects.requireNonNull(requestId, "requestId");
    }

    static SelfTestReport failed(Culprit culprit, String detail, Optional<String> requestId) {
        return new SelfTestReport(false, culprit, detail, Optional.empty(), Optional.empty(), Optional.empty(),
                requestId);
    }
}
