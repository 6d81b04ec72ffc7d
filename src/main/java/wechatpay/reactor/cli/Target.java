package wechatpay.reactor.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import wechatpay.reactor.PrivateKeys;
import wechatpay.reactor.PublicKeys;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.Faults;
import wechatpay.reactor.sandbox.SandboxState;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/**
 * Where a command sends its calls: a merchant configuration ({@code --config FILE} properties, which may be a
 * sandbox state file, or {@code WECHATPAY_*} environment variables), or an embedded sandbox with generated keys.
 * Closing it closes the client and the embedded sandbox.
 */
final class Target implements AutoCloseable {
    static final Map<String, String> ENVIRONMENT = Map.of(
            SandboxState.MCHID, "WECHATPAY_MCHID",
            SandboxState.MERCHANT_SERIAL, "WECHATPAY_MERCHANT_SERIAL",
            SandboxState.MERCHANT_PRIVATE_KEY_FILE, "WECHATPAY_PRIVATE_KEY_FILE",
            SandboxState.PUBLIC_KEY_ID, "WECHATPAY_PUBLIC_KEY_ID",
            SandboxState.PUBLIC_KEY_FILE, "WECHATPAY_PUBLIC_KEY_FILE",
            SandboxState.BASE_URL, "WECHATPAY_BASE_URL");
    private static final List<String> REQUIRED = List.of(SandboxState.MCHID, SandboxState.MERCHANT_SERIAL,
            SandboxState.MERCHANT_PRIVATE_KEY_FILE, SandboxState.PUBLIC_KEY_ID, SandboxState.PUBLIC_KEY_FILE);

    final WechatPayClient client;
    final WechatPaySandbox sandbox;
    final String description;

    private Target(WechatPayClient client, WechatPaySandbox sandbox, String description) {
        this.client = client;
        this.sandbox = sandbox;
        this.description = description;
    }

    /**
     * {@code --config} first, then the environment, then (when neither names a merchant, or {@code sandbox} is
     * set) an embedded sandbox. Configuration problems are {@link UsageException}s with a one-line reason.
     */
    static Target resolve(Path config, boolean sandbox, Map<String, String> env, ClientLimits limits, Faults faults) {
        if (config != null && sandbox) {
            throw new UsageException("--config and --sandbox exclude each other");
        }
        Properties p = new Properties();
        String source;
        if (config != null) {
            try (Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new UsageException("--config " + config + ": cannot read (" + e.getClass().getSimpleName() + ")");
            }
            source = "--config " + config;
        } else {
            ENVIRONMENT.forEach((key, var) -> {
                if (env.get(var) != null && !env.get(var).isBlank()) {
                    p.setProperty(key, env.get(var).trim());
                }
            });
            source = "WECHATPAY_* environment variables";
        }
        if (config == null && (sandbox || p.isEmpty())) {
            return embedded(limits, faults);
        }
        for (String key : REQUIRED) {
            if (p.getProperty(key, "").isBlank()) {
                String hint = config != null ? key : ENVIRONMENT.get(key);
                throw new UsageException(source + ": " + hint + " is required");
            }
        }
        try {
            WechatPayClient client = limits.applyTo(WechatPayClient.builder())
                    .merchant(p.getProperty(SandboxState.MCHID).trim(), p.getProperty(SandboxState.MERCHANT_SERIAL).trim(),
                            PrivateKeys.fromPem(Path.of(p.getProperty(SandboxState.MERCHANT_PRIVATE_KEY_FILE).trim())))
                    .wechatPayPublicKey(p.getProperty(SandboxState.PUBLIC_KEY_ID).trim(),
                            PublicKeys.fromPem(Path.of(p.getProperty(SandboxState.PUBLIC_KEY_FILE).trim())))
                    .baseUrl(p.getProperty(SandboxState.BASE_URL, WechatPayClient.DEFAULT_BASE_URL).trim())
                    .build();
            return new Target(client, null, client.mchid() + " at " + p.getProperty(SandboxState.BASE_URL,
                    WechatPayClient.DEFAULT_BASE_URL) + " (" + source + ")");
        } catch (IllegalArgumentException e) {
            throw new UsageException(source + ": " + e.getMessage());
        }
    }

    static Target embedded(ClientLimits limits, Faults faults) {
        WechatPaySandbox sandbox = WechatPaySandbox.builder().faults(faults).start();
        WechatPayClient client = limits.applyTo(WechatPayClient.builder())
                .merchant(sandbox.identity().mchid(), sandbox.identity().merchantSerial(),
                        sandbox.identity().merchantKeys().getPrivate())
                .wechatPayPublicKey(sandbox.identity().publicKeyId(), sandbox.identity().wechatPayKeys().getPublic())
                .baseUrl(sandbox.baseUrl())
                .build();
        return new Target(client, sandbox, "the embedded sandbox at " + sandbox.baseUrl());
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
