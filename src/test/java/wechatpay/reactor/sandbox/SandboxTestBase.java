package wechatpay.reactor.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh sandbox on a loopback port for each test, a signing caller, and the first seeded contract. */
abstract class SandboxTestBase {
    WechatPaySandbox sandbox;
    SandboxCaller caller;
    Contract contract;

    /** The sandbox each test gets: the shared identity, otherwise the defaults. */
    WechatPaySandbox.Builder builder() {
        return WechatPaySandbox.builder().identity(SandboxFixtures.IDENTITY);
    }

    @BeforeEach
    void startSandbox() {
        sandbox = builder().start();
        caller = new SandboxCaller(sandbox);
        contract = sandbox.contracts().get(0);
    }

    @AfterEach
    void stopSandbox() {
        caller.close();
        sandbox.close();
    }
}
