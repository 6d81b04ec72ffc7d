package wechatpay.reactor.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.creditrepayment.Contracts;
import wechatpay.reactor.creditrepayment.Presign;
import wechatpay.reactor.creditrepayment.RealIdentity;

/** {@code presign}: presign a repayment contract (APP or H5). */
@Command(name = "presign", mixinStandardHelpOptions = true,
        description = {"Presign a repayment contract (APP预签约 / H5预签约).",
                "It prints WeChat Pay's answer as JSON:"
                        + " presign_token (APP, valid 10 minutes) or redirect_url (H5). out_contract_code is never"
                        + " reusable, not even after a failure. The user's identity, when given, is read from a file"
                        + " and sent only RSA-OAEP encrypted for the WeChat Pay key the client trusts (named in"
                        + " Wechatpay-Serial).",
                "Exit code: 0 presigned, 2 refused or failed, 1 usage or configuration error."})
final class PresignCommand implements Callable<Integer> {
    enum Kind { app, h5 }

    @Option(names = "--type", paramLabel = "app|h5", description = "APP or H5 presign (default: ${DEFAULT-VALUE}).")
    Kind type = Kind.app;

    @Option(names = "--appid", required = true, paramLabel = "ID")
    String appid;

    @Option(names = "--plan-id", required = true, paramLabel = "ID")
    String planId;

    @Option(names = "--out-contract-code", required = true, paramLabel = "CODE", description = "Never reusable.")
    String outContractCode;

    @Option(names = "--display-name", required = true, paramLabel = "NAME", description = "A masked name such as ***G.")
    String displayName;

    @Option(names = "--notify-url", required = true, paramLabel = "URL",
            description = "contract_notify_url: where SIGN_CONTRACT goes (https, no query).")
    String notifyUrl;

    @Option(names = "--repayment-amount-limit", required = true, paramLabel = "FEN")
    long repaymentAmountLimit;

    @Option(names = "--repayment-day", paramLabel = "1-31")
    Integer repaymentDay;

    @Option(names = "--sub-mchid", paramLabel = "ID")
    String subMchid;

    @Option(names = "--sub-appid", paramLabel = "ID")
    String subAppid;

    @Option(names = "--jump-appid", paramLabel = "ID", description = "jump_info.jump_appid, required for --type h5.")
    String jumpAppid;

    @Option(names = "--identity-file", paramLabel = "FILE", description = "real_identity of an ID card, as properties identity_id and real_name (keep the file"
                    + " private; the values are never printed).")
    Path identityFile;

    @Mixin
    CallOptions calls;

    @Override
    public Integer call() {
        Presign presign = Presign.builder().appid(appid).planId(planId).outContractCode(outContractCode)
                .displayName(displayName).contractNotifyUrl(notifyUrl).repaymentAmountLimit(repaymentAmountLimit)
                .repaymentDay(repaymentDay).subMchid(subMchid).subAppid(subAppid).jumpAppid(jumpAppid)
                .realIdentity(identityFile == null ? null : identity(identityFile))
                .build();
        return SingleCall.run(calls, target -> answer(target.client.creditRepayment().contracts(), presign));
    }

    private Mono<JsonNode> answer(Contracts contracts, Presign presign) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (type == Kind.h5) {
            return contracts.h5Presign(presign).map(p -> json.put("redirect_url", p.redirectUrl()));
        }
        return contracts.appPresign(presign).map(p -> {
            json.put("presign_token", p.presignToken());
            p.redirectService().ifPresent(s -> json.set("redirect_service", s));
            return json;
        });
    }

    private static RealIdentity identity(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UsageException("--identity-file " + file + ": cannot read (" + e.getClass().getSimpleName() + ")");
        }
        String id = p.getProperty("identity_id");
        String name = p.getProperty("real_name");
        if (id == null || name == null) {
            throw new UsageException("--identity-file " + file + ": needs the properties identity_id and real_name");
        }
        return RealIdentity.idCard(id.strip(), name.strip());
    }
}
