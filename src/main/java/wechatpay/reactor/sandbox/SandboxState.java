package wechatpay.reactor.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import wechatpay.reactor.internal.Pem;

/**
 * Writes what an outside client needs to talk to a running sandbox exactly as it would to WeChat Pay: a
 * properties file (base URL, mchid, merchant serial, key files, WeChat Pay public key id, APIv3 key, seeded
 * contracts) with the PEM files beside it, all readable by the owner only. The platform certificate written (outside
 * public-key mode) is the one that signs answers when the file is written: after a rotation's overlap, write again. Sandbox keys, never production ones.
 * The file is a superset of the CLI's merchant configuration, so {@code --config} takes it as it is; the CLI owns
 * the names it reads, and a test runs the CLI on a state file to keep the two in step.
 */
public final class SandboxState {
    private static final String BASE_URL = "base_url";
    private static final String MCHID = "mchid";
    private static final String MERCHANT_SERIAL = "merchant_serial";
    private static final String MERCHANT_PRIVATE_KEY_FILE = "merchant_private_key_file";
    private static final String PUBLIC_KEY_ID = "wechatpay_public_key_id";
    private static final String PUBLIC_KEY_FILE = "wechatpay_public_key_file";
    private static final String PLATFORM_CERTIFICATE_FILE = "platform_certificate_file";
    private static final String APIV3_KEY = "apiv3_key";
    private static final String CONTRACTS = "contracts";

    private SandboxState() {
    }

    /** Writes {@code file} and its PEM companions ({@code <name>.merchant_key.pem}, ...); returns the properties written. */
    public static Map<String, String> write(WechatPaySandbox sandbox, Path file) {
        SandboxIdentity id = sandbox.identity();
        Path dir = file.toAbsolutePath().getParent();
        String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        Map<String, String> p = new TreeMap<>();
        p.put(BASE_URL, sandbox.baseUrl());
        p.put(MCHID, id.mchid());
        p.put(MERCHANT_SERIAL, id.merchantSerial());
        p.put(MERCHANT_PRIVATE_KEY_FILE, secret(dir.resolve(stem + ".merchant_key.pem"),
                Pem.encode(id.merchantKeys().getPrivate())).toString());
        p.put(PUBLIC_KEY_ID, id.publicKeyId());
        p.put(PUBLIC_KEY_FILE, secret(dir.resolve(stem + ".wechatpay_pub_key.pem"),
                Pem.encode(id.wechatPayKeys().getPublic())).toString());
        if (sandbox.mode() != WechatPaySandbox.Mode.PUBLIC_KEY) {
            p.put(PLATFORM_CERTIFICATE_FILE, secret(dir.resolve(stem + ".platform_cert.pem"),
                    sandbox.platformCertificates().signingIssued().pem()).toString());
        }
        p.put(APIV3_KEY, id.apiV3KeyText());
        List<Contract> contracts = sandbox.contracts();
        p.put(CONTRACTS, Integer.toString(contracts.size()));
        for (int i = 0; i < contracts.size(); i++) {
            Contract c = contracts.get(i);
            String k = CONTRACTS + "." + i + ".";
            put(p, k + "contract_id", c.contractId());
            put(p, k + "out_contract_code", c.outContractCode());
            put(p, k + "appid", c.appid());
            put(p, k + "openid", c.openid());
            put(p, k + "sub_mchid", c.subMchid());
            put(p, k + "sub_appid", c.subAppid());
            put(p, k + "plan_type", c.planType().name());
            put(p, k + "repayment_amount_limit", Long.toString(c.repaymentAmountLimit()));
        }
        StringBuilder text = new StringBuilder("# wechatpay-reactor sandbox state: sandbox keys, never production ones\n");
        p.forEach((k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        secret(file.toAbsolutePath(), text.toString());
        return p;
    }

    private static void put(Map<String, String> p, String key, String value) {
        if (value != null) {
            p.put(key, value);
        }
    }

    /** Owner-only, written to a temporary file and moved into place, so a reader never sees half a file. */
    private static Path secret(Path path, String content) {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            return Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }
}
