package wechatpay.reactor;

import java.security.Provider;
import java.time.Clock;
import java.time.Duration;

/** What a {@link WechatPayClient} was built with, checked by its builder. Immutable. */
record ClientSettings(String mchid, RequestSigner signer, VerificationKeys keys, String baseUrl, int maxInFlight,
        double requestsPerSecond, Duration connectTimeout, Duration responseTimeout, int maxResponseBytes,
        RetryPolicy retryPolicy, Clock clock, Duration verificationWindow, Provider verificationProvider) {
}
