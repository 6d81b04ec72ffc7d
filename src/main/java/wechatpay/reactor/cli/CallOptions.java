package wechatpay.reactor.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;
import wechatpay.reactor.RetryPolicy;
import wechatpay.reactor.creditrepayment.StreamOptions;

/** Options every calling command shares: the target and the stream's limits. */
final class CallOptions {
    @Option(names = "--config", paramLabel = "FILE", description = {
            "Merchant configuration (properties): mchid, merchant_serial, merchant_private_key_file,",
            "wechatpay_public_key_id, wechatpay_public_key_file, base_url. A 'sandbox --state' file works too.",
            "Without it, WECHATPAY_MCHID, WECHATPAY_MERCHANT_SERIAL, WECHATPAY_PRIVATE_KEY_FILE,",
            "WECHATPAY_PUBLIC_KEY_ID, WECHATPAY_PUBLIC_KEY_FILE and WECHATPAY_BASE_URL are read;",
            "without those, an embedded sandbox is used."})
    Path config;

    @Option(names = "--sandbox", description = "Use an embedded sandbox with generated keys (the default without configuration).")
    boolean sandbox;

    @Option(names = "--max-in-flight", paramLabel = "N", description = "Most calls in the air at once (default: ${DEFAULT-VALUE}).")
    int maxInFlight = 32;

    @Option(names = "--rate", paramLabel = "N", description = {"Most calls started per second, 0 = no limit (default: ${DEFAULT-VALUE});",
            "adaptive: halved (at most once a second) when WeChat Pay answers 429, then recovered gradually."})
    double rate = 0;

    @Option(names = "--attempts", paramLabel = "N", description = "Attempts per item before it fails (default: ${DEFAULT-VALUE}).")
    int attempts = 6;

    RetryPolicy retryPolicy() {
        if (attempts < 1) {
            throw new UsageException("--attempts: expected at least 1, found " + attempts);
        }
        return RetryPolicy.defaults().withMaxAttempts(attempts)
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(2)).withThrottleBackoff(Duration.ofMillis(500));
    }

    /** The client's limits: every call of the command, queries included, shares them. */
    ClientLimits limits() {
        if (maxInFlight < 1 || maxInFlight > 10_000) {
            throw new UsageException("--max-in-flight: expected 1..10000, found " + maxInFlight);
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new UsageException("--rate: expected >= 0 (0 = no limit), found " + rate);
        }
        return new ClientLimits(maxInFlight, rate, retryPolicy());
    }

    /** The stream takes the client's limits and retries as they are. */
    StreamOptions streamOptions() {
        return StreamOptions.defaults();
    }
}
