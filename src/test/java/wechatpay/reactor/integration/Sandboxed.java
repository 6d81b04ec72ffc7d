package wechatpay.reactor.integration;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import wechatpay.reactor.RetryPolicy;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.SandboxIdentity;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/**
 * Clients wired to a sandbox exactly as to WeChat Pay, and valid items over its seeded contracts: the one client
 * set-up of every test class that talks to a sandbox through our client.
 */
public final class Sandboxed {
    public static final SandboxIdentity IDENTITY = SandboxIdentity.generate();
    public static final RetryPolicy FAST_RETRY = RetryPolicy.defaults().withMaxAttempts(4)
            .withBackoff(Duration.ofMillis(5), Duration.ofMillis(50)).withThrottleBackoff(Duration.ofMillis(10));

    private Sandboxed() {
    }

    /** The keys a merchant in the sandbox's mode holds: the public key, the platform certificate, or both. */
    public static WechatPayClient.Builder client(WechatPaySandbox sandbox) {
        SandboxIdentity id = sandbox.identity();
        WechatPayClient.Builder b = WechatPayClient.builder()
                .merchant(id.mchid(), id.merchantSerial(), id.merchantKeys().getPrivate())
                .baseUrl(sandbox.baseUrl())
                .retryPolicy(FAST_RETRY);
        if (sandbox.mode() != WechatPaySandbox.Mode.PLATFORM_CERTIFICATE) {
            b.wechatPayPublicKey(id.publicKeyId(), id.wechatPayKeys().getPublic());
        }
        if (sandbox.mode() != WechatPaySandbox.Mode.PUBLIC_KEY) {
            b.platformCertificate(id.platformCertificate());
        }
        return b;
    }

    /**
     * A base URL on a loopback port nothing listens on: connections are refused at once. (A name that does not
     * resolve, or {@code 127.0.0.1:1}, which Reactor Netty resolves as a host name, waits for DNS instead.)
     */
    public static String closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static ScheduleItem item(Contract contract, String outRecordId) {
        return ScheduleItem.builder()
                .contractId(contract.contractId()).appid(contract.appid()).openid(contract.openid())
                .outRecordId(outRecordId).subMchid(contract.subMchid())
                .repaymentAmount(10_000).minRepaymentAmount(2_000)
                .repaymentDate(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(3))
                .description("信贷还款")
                .build();
    }
}
