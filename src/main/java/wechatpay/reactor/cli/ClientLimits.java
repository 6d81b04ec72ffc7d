package wechatpay.reactor.cli;

import wechatpay.reactor.RetryPolicy;
import wechatpay.reactor.WechatPayClient;

/** The client settings a calling command takes from its options: the client's limits and retries. */
record ClientLimits(int maxInFlight, double requestsPerSecond, RetryPolicy retry) {

    WechatPayClient.Builder applyTo(WechatPayClient.Builder b) {
        return b.maxInFlight(maxInFlight).requestsPerSecond(requestsPerSecond).retryPolicy(retry);
    }
}
