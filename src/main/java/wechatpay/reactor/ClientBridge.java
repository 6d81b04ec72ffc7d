package wechatpay.reactor;

import java.time.Duration;
import wechatpay.reactor.internal.ClientAccess;

/** The client's side of {@link ClientAccess}. */
final class ClientBridge extends ClientAccess {

    private ClientBridge() {
    }

    static void install() {
        ClientAccess.install(new ClientBridge());
    }

    @Override
    public Chain once(Chain chain) {
        return chain.withoutRetry();
    }

    @Override
    public Duration backoff(RetryPolicy policy, long retry, Throwable failure) {
        return policy.delay(retry, failure);
    }

    @Override
    public WechatPayServiceException conflict(ApiResponse<?> answer, String message) {
        return answer.conflict(message);
    }
}
