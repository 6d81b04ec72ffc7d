package wechatpay.reactor.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import wechatpay.reactor.sandbox.ContractFields;
import wechatpay.reactor.sandbox.Deductions;
import wechatpay.reactor.sandbox.Fault;
import wechatpay.reactor.sandbox.FaultRates;
import wechatpay.reactor.sandbox.Repeats;
import wechatpay.reactor.sandbox.SandboxState;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/** {@code sandbox}: runs the embedded WeChat Pay server until SIGINT/SIGTERM, for outside clients. */
@Command(name = "sandbox", mixinStandardHelpOptions = true, modelTransformer = FaultOption.Help.class,
        description = {"Run an embedded WeChat Pay APIv3 sandbox (credit repayment) until interrupted.",
                "It writes a state file with everything a client needs: base URL, mchid, keys, contracts."})
final class SandboxCommand implements Callable<Integer> {
    @Option(names = "--port", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 0;

    @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--state", description = "State file to write (properties; PEM files go beside it).")
    Path state;

    @Option(names = "--mode", description = "Answer signing: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    WechatPaySandbox.Mode mode = WechatPaySandbox.Mode.PUBLIC_KEY;

    @Option(names = "--contracts", description = "Seeded contracts (default: ${DEFAULT-VALUE}).")
    int contracts = 4;

    @Option(names = "--seed", description = "Seed of the fault decisions (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--fault", paramLabel = "KIND=RATE", converter = {FaultOption.Kind.class, FaultOption.Rate.class},
            description = "Share of requests that get a fault, e.g. --fault server-error=0.1; repeatable. "
                    + "KIND is one of the fault kinds listed below.")
    Map<Fault, Double> rates;

    @Option(names = "--throttle-qps", description = "Answer 429 FREQUENCY_LIMITED above this many requests per second (0 = off).")
    int throttleQps;

    @Option(names = "--latency-ms", paramLabel = "MIN-MAX", description = "Added latency per request, e.g. 0-20.")
    String latency = "0-0";

    @Option(names = "--repeats", paramLabel = "answer-stored|refuse", converter = RepeatsName.class,
            description = "A repeated out_record_id or out_trade_no with the same content: answer-stored (200 with "
                    + "the stored record, the default) or refuse (400 INVALID_REQUEST). Nothing is created twice.")
    Repeats repeats = Repeats.ANSWER_STORED;

    @Option(names = "--deductions", paramLabel = "pay-at-once|on-request", converter = DeductionsName.class,
            description = {"When deduct orders settle: pay-at-once (paid in full and DEDUCTION_PAY sent at once, the",
                    "default) or on-request (PENDING until POST /sandbox/deduct-orders/{out_trade_no}/settle",
                    "with {\"result\":\"PAY_SUCCESS\"} or {\"result\":\"PAY_FAIL\"})."})
    Deductions deductions = Deductions.PAY_AT_ONCE;

    @Option(names = "--contract-fields", paramLabel = "current|legacy", converter = ContractFieldsName.class,
            description = {"How contract answers are spelled: current (contract_terminated_mode, repayment_amount_limit",
                    "a JSON integer; the default) or legacy (contract_termination_mode, the limit a string).",
                    "Callbacks always send contract_terminated_mode and the limit as a string."})
    ContractFields contractFields = ContractFields.CURRENT;

    @Option(names = "--fast", description = {"Benchmark mode: identical answers reuse their signature (timestamp, nonce)",
            "for up to 4 minutes, so a warm-up pass takes the sandbox's RSA signing out of a timed pass."})
    boolean fast;

    @Override
    public Integer call() throws InterruptedException {
        FaultRates faults = faults();
        WechatPaySandbox sandbox = WechatPaySandbox.builder().host(host).port(port).mode(mode)
                .seedContracts(contracts).faults(faults).repeats(repeats).deductions(deductions)
                .contractFields(contractFields).fastAnswers(fast).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (state != null) {
            SandboxState.write(sandbox, state);
        }
        System.err.println("sandbox listening on " + sandbox.baseUrl() + " (mode " + mode + ", mchid "
                + sandbox.identity().mchid() + ", deductions " + HyphenatedName.of(deductions) + ", contract fields "
                + HyphenatedName.of(contractFields) + ")"
                + (state == null ? "" : "; state in " + state.toAbsolutePath()));
        System.err.println("control endpoints (no signature): POST " + sandbox.baseUrl()
                + "/sandbox/contracts/{out_contract_code}/sign | .../terminate-by-user, POST " + sandbox.baseUrl()
                + "/sandbox/deduct-orders/{out_trade_no}/settle");
        System.err.println("press Ctrl+C to stop");
        stopped.await();
        return 0;
    }

    FaultRates faults() {
        String[] range = latency.split("-", 2);
        long min;
        long max;
        try {
            min = Long.parseLong(range[0].strip());
            max = Long.parseLong(range.length == 2 ? range[1].strip() : "");
        } catch (NumberFormatException e) {
            throw new UsageException("--latency-ms: expected MIN-MAX in milliseconds, found '" + latency + "'");
        }
        FaultRates rated = checked("--fault", () -> new FaultRates(seed, rates == null ? Map.of() : rates, 0, Duration.ZERO,
                Duration.ZERO));
        FaultRates throttled = checked("--throttle-qps", () -> rated.withThrottleQps(throttleQps));
        return checked("--latency-ms", () -> throttled.withLatency(Duration.ofMillis(min), Duration.ofMillis(max)));
    }

    private static FaultRates checked(String option, Supplier<FaultRates> faults) {
        try {
            return faults.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    static final class RepeatsName extends HyphenatedName<Repeats> {
        RepeatsName() {
            super(Repeats.class);
        }
    }

    static final class DeductionsName extends HyphenatedName<Deductions> {
        DeductionsName() {
            super(Deductions.class);
        }
    }

    static final class ContractFieldsName extends HyphenatedName<ContractFields> {
        ContractFieldsName() {
            super(ContractFields.class);
        }
    }
}
