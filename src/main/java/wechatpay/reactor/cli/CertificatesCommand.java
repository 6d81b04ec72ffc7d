package wechatpay.reactor.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.CertificateInfo;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.WechatPayException;

/** {@code certificates}: download, decrypt and verify the platform certificates. */
@Command(name = "certificates", mixinStandardHelpOptions = true,
        description = {"Download the WeChat Pay platform certificates (GET /v3/certificates).",
                "Each entry is decrypted with the APIv3 key (apiv3_key of the configuration) and the answer's"
                        + " signature verified; one JSON line per certificate (serial_no, effective_time,"
                        + " expire_time, file) is printed, and with --output-dir each is written as <serial>.pem.",
                "Exit code: 0 downloaded, 2 none (a public-key-only merchant) or failed, 1 usage or configuration"
                        + " error."})
final class CertificatesCommand implements Callable<Integer> {
    @Option(names = "--output-dir", paramLabel = "DIR", description = "Where to write <serial>.pem files.")
    Path outputDir;

    @Mixin
    CallOptions calls;

    @Override
    public Integer call() {
        try (Target target = Target.resolve(calls.config, calls.sandbox, System.getenv(), calls.limits(),
                wechatpay.reactor.sandbox.FaultRates.NONE);
                WechatPayClient client = target.client.mutate().downloadPlatformCertificates(
                        target.config != null ? target.config.apiV3Key() : target.sandbox.identity().apiV3Key()).build()) {
            List<CertificateInfo> certificates = client.keyRing().refresh().block(Duration.ofMinutes(2)).certificates();
            if (client.keyRing().status().publicKeyOnly() || certificates.isEmpty()) {
                System.err.println("no platform certificates: WeChat Pay answered that this merchant is public-key only");
                return 2;
            }
            for (CertificateInfo c : certificates) {
                System.out.println(line(c, write(c)));
            }
            return 0;
        } catch (WechatPayException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
    }

    private Path write(CertificateInfo c) {
        if (outputDir == null) {
            return null;
        }
        try {
            Files.createDirectories(outputDir);
            return Files.writeString(outputDir.resolve(c.serial() + ".pem"), c.toPem(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UsageException("--output-dir " + outputDir + ": cannot write (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String line(CertificateInfo c, Path file) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("serial_no", c.serial());
        n.put("effective_time", c.notBefore().toString());
        n.put("expire_time", c.notAfter().toString());
        n.put("file", file == null ? null : file.toString());
        return n.toString();
    }
}
