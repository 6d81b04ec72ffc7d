package wechatpay.reactor.internal;

import java.time.Duration;
import wechatpay.reactor.ApiResponse;
import wechatpay.reactor.Chain;
import wechatpay.reactor.RetryPolicy;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.WechatPayServiceException;

/**
 * What the client's own packages (the typed APIs) use and users do not see: a call without the retry filter,
 * the retry policy's waits, and errors made by the client's one error mapper. Installed once by
 * {@link WechatPayClient}'s class initialisation. Not API.
 */
public abstract class ClientAccess {
    private static volatile ClientAccess instance;

    /** Called once, by the client. */
    public static void install(ClientAccess access) {
        instance = access;
    }

    public static ClientAccess get() {
        ClientAccess access = instance;
        if (access == null) {
            try {
                Class.forName(WechatPayClient.class.getName(), true, ClientAccess.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            access = instance;
        }
        return access;
    }

    /** The same call without the pipeline's retry filter: one attempt per subscription. */
    public abstract Chain once(Chain chain);

    /** The wait before retry number {@code retry} (0 = the first) after {@code failure}. */
    public abstract Duration backoff(RetryPolicy policy, long retry, Throwable failure);

    /** A verified answer showing that the key already holds something else (code {@code CONFLICT}). */
    public abstract WechatPayServiceException conflict(ApiResponse<?> answer, String message);
}
