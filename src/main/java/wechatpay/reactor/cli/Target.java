package wechatpay.reactor.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.FaultRates;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/**
 * Where a command sends its calls: a merchant configuration ({@code --config FILE} properties, which may be a
 * sandbox state file, or {@code WECHATPAY_*} environment variables), or an embedded sandbox with generated keys.
 * Closing it closes the client and the embedded sandbox.
 */
final class Target implements AutoCloseable {
    final WechatPayClient client;
    final WechatPaySandbox sandbox;
    final String description;
    /** The merchant configuration, or null for an embedded sandbox. */
    final MerchantConfig config;

    private Target(WechatPayClient client, WechatPaySandbox sandbox, String description, MerchantConfig config) {
        this.client = client;
        this.sandbox = sandbox;
        this.description = description;
        this.config = config;
    }

    /**
     * {@code --config} first, then the environment, then (when neither names a merchant, or {@code sandbox} is
     * set) an embedded sandbox. Configuration problems are {@link UsageException}s with a one-line reason.
     */
    static Target resolve(Path config, boolean sandbox, Map<String, String> env, ClientLimits limits, FaultRates faults) {
        if (config != null && sandbox) {
            throw new UsageException("--config and --sandbox exclude each other");
        }
        Optional<MerchantConfig> merchant = MerchantConfig.load(config, env);
        if (sandbox || merchant.isEmpty()) {
            return embedded(limits, faults);
        }
        MerchantConfig m = merchant.get();
        WechatPayClient.Builder b = m.applyTo(limits.applyTo(WechatPayClient.builder()));
        try {
            WechatPayClient client = b.build();
            return new Target(client, null, client.mchid() + " at " + m.baseUrl() + " (" + m.source + ")", m);
        } catch (IllegalArgumentException e) {
            throw new UsageException(m.source + ": " + e.getMessage());
        }
    }

    static Target embedded(ClientLimits limits, FaultRates faults) {
        WechatPaySandbox sandbox = WechatPaySandbox.builder().faults(faults).start();
        WechatPayClient client = limits.applyTo(WechatPayClient.builder())
                .merchant(sandbox.identity().mchid(), sandbox.identity().merchantSerial(),
                        sandbox.identity().merchantKeys().getPrivate())
                .wechatPayPublicKey(sandbox.identity().publicKeyId(), sandbox.identity().wechatPayKeys().getPublic())
                .baseUrl(sandbox.baseUrl())
                .build();
        return new Target(client, sandbox, "the embedded sandbox at " + sandbox.baseUrl(), null);
    }

    List<Contract> contracts() {
        return sandbox == null ? List.of() : sandbox.contracts();
    }

    @Override
    public void close() {
        client.close();
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
