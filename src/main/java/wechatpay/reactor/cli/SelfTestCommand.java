package wechatpay.reactor.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.SelfTestReport;
import wechatpay.reactor.sandbox.FaultRates;

/** {@code selftest}: one signed echo, and which setting is at fault when it fails. */
@Command(name = "selftest", mixinStandardHelpOptions = true,
        description = {"Check the merchant's configuration with one signed POST /v3/security/echo.",
                "Prints one JSON object: passed, culprit (NONE, CLOCK, MERCHANT_KEY, MERCHANT_SERIAL, MCHID,"
                        + " WECHATPAY_KEY, NETWORK, OTHER), detail, verified_by, clock_skew_seconds, oaep_round_trip.",
                "Exit code: 0 passed, 2 failed, 1 usage or configuration error."})
final class SelfTestCommand implements Callable<Integer> {
    @Mixin
    CallOptions calls;

    @Override
    public Integer call() {
        try (Target target = Target.resolve(calls.config, calls.sandbox, System.getenv(), calls.limits(), FaultRates.NONE)) {
            SelfTestReport report = target.client.selfTest().block(Duration.ofMinutes(2));
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("passed", report.passed());
            n.put("culprit", report.culprit().name());
            n.put("detail", report.detail());
            n.put("verified_by", report.verifiedBy().orElse(null));
            report.clockSkew().ifPresentOrElse(d -> n.put("clock_skew_seconds", d.getSeconds()),
                    () -> n.putNull("clock_skew_seconds"));
            report.oaepRoundTrip().ifPresentOrElse(ok -> n.put("oaep_round_trip", ok), () -> n.putNull("oaep_round_trip"));
            n.put("request_id", report.requestId().orElse(null));
            System.out.println(n);
            return report.passed() ? 0 : 2;
        }
    }
}
