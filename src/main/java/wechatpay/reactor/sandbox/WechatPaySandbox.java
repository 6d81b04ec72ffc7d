package wechatpay.reactor.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * An embedded WeChat Pay APIv3 server for the credit-repayment family: a real HTTP/1.1 server on loopback that
 * verifies every request's signature against the registered merchant key, signs every answer with its own
 * WeChat Pay key (public-key mode) or platform certificate, keeps contracts, schedule records and deduct
 * orders in memory with WeChat Pay's validation, sends signed and encrypted callbacks, and misbehaves on
 * purpose when asked ({@link FaultRates}, {@link #enqueue}). For tests, demos and benchmarks: never production.
 *
 * <pre>{@code
 * try (WechatPaySandbox sandbox = WechatPaySandbox.start()) {
 *     String baseUrl = sandbox.baseUrl();                  // http://127.0.0.1:<port>
 *     SandboxIdentity id = sandbox.identity();             // merchant key + serial, WeChat Pay public key + id, APIv3 key
 *     Contract contract = sandbox.contracts().get(0);      // seeded, EFFECTIVE
 * }
 * }</pre>
 * Thread-safe; {@link #close()} stops the server.
 *
 * <p>Besides the WeChat Pay APIs the server answers its own control endpoints, standing in for what the user and
 * WeChat Pay do outside the merchant's API. They need no signature (served before the request gate), answer
 * unsigned JSON (the contract or order on 200, {@code {"code","message"}} otherwise), take no faults and are not
 * counted in {@link #stats()}:
 * <ul>
 * <li>{@code POST /sandbox/contracts/{out_contract_code}/sign}: the user signs the presigned contract (as
 *     {@link #signContract}); 200 with the contract as its query shows it, and SIGN_CONTRACT to the presign's
 *     {@code contract_notify_url}. 404 {@code RESOURCE_NOT_EXISTS} for an unknown code, 409 {@code CONFLICT} for
 *     a contract already signed or terminated.</li>
 * <li>{@code POST /sandbox/contracts/{out_contract_code}/terminate-by-user}: the user ends the effective contract
 *     ({@code TERMINATION_MODE_BY_USER}); 200 with the contract, and TERMINATE_CONTRACT to the presign's
 *     {@code contract_notify_url} (seeded contracts have none). 404 unknown, 409 not signed or already ended.</li>
 * <li>{@code POST /sandbox/deduct-orders/{out_trade_no}/settle} with {@code {"result":"PAY_SUCCESS"}} or
 *     {@code {"result":"PAY_FAIL"}}: the pending order (see {@link Deductions#ON_REQUEST}) becomes
 *     {@code DEDUCT_ORDER_STATE_PAY_SUCCESS} (with {@code pay_success_amount} and {@code transaction_id}) or
 *     {@code DEDUCT_ORDER_STATE_PAY_FAIL} (neither); 200 with the order, and DEDUCTION_PAY to its
 *     {@code notify_url} either way, its plaintext's {@code order_state} saying which. 404
 *     {@code ORDER_NOT_EXIST}, 409 for an order already settled, 400 {@code PARAM_ERROR} ({@code /result}) for
 *     another body. A failed order frees its schedule record for a new {@code out_trade_no}.</li>
 * </ul>
 * Another method on these paths answers 405, another path under {@code /sandbox/} 404.
 */
public final class WechatPaySandbox implements AutoCloseable {

    /** Which WeChat Pay key signs answers. */
    public enum Mode {
        /** WeChat Pay public key ({@code PUB_KEY_ID_...}); {@code /v3/certificates} answers 404, as for such merchants. */
        PUBLIC_KEY,
        /** Platform certificate (legacy); {@code /v3/certificates} serves it encrypted with the APIv3 key. */
        PLATFORM_CERTIFICATE,
        /** Migration: public key by default, the certificate when the request's {@code Wechatpay-Serial} names it. */
        BOTH
    }

    private final DisposableServer server;
    private final SandboxIdentity identity;
    private final Ledger ledger;
    private final FaultPlan faults;
    private final SandboxStats stats;
    private final Mode mode;

    private WechatPaySandbox(Builder b) {
        this.identity = b.identity != null ? b.identity : SandboxIdentity.generate();
        this.mode = b.mode;
        this.stats = new SandboxStats();
        this.faults = new FaultPlan();
        this.faults.set(b.faults);
        JsonMapper json = JsonMapper.builder().build();
        AnswerSigner signer = new AnswerSigner(identity, mode, b.clock, b.fastAnswers);
        CallbackSender callbacks = new CallbackSender(json, signer, identity, b.clock, b.callbackAttempts,
                b.callbackBackoff, stats);
        this.ledger = new Ledger(b.clock, Ledger.seedContracts(b.seedContracts), callbacks, b.repeats, b.deductions,
                b.contractFields);
        SandboxHandler handler = new SandboxHandler(json, new RequestGate(identity, mode, b.clock), signer, faults, ledger,
                stats, identity, mode, b.clock);
        SandboxControl control = new SandboxControl(json, ledger);
        this.server = HttpServer.create()
                .host(b.host)
                .port(b.port)
                .protocol(HttpProtocol.HTTP11)
                .idleTimeout(Duration.ofSeconds(8))
                .handle((req, res) -> SandboxControl.claims(req.uri()) ? control.handle(req, res) : handler.handle(req, res))
                .bindNow(Duration.ofSeconds(10));
    }

    /** A sandbox on a free loopback port with fresh keys, four seeded contracts and no faults. */
    public static WechatPaySandbox start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://host:port}, without a trailing slash. */
    public String baseUrl() {
        return "http://" + server.host() + ":" + server.port();
    }

    public int port() {
        return server.port();
    }

    public SandboxIdentity identity() {
        return identity;
    }

    public Mode mode() {
        return mode;
    }

    /** Current contracts: the seeded ones and those created through presign. */
    public List<Contract> contracts() {
        return ledger.contracts();
    }

    /** A presigned contract becomes EFFECTIVE, as when the user signs it; its callback is sent. */
    public Contract signContract(String outContractCode) {
        return ledger.signContract(outContractCode);
    }

    /** How many times a schedule record was newly created for {@code outRecordId}: 0 or 1 when all is well. */
    public int created(String outRecordId) {
        return ledger.created(outRecordId);
    }

    /**
     * How many batch-create calls for {@code outRecordId} the sandbox accepted: the one that created the record, and
     * identical repeats under {@link Repeats#ANSWER_STORED} (under {@link Repeats#REFUSE} they answer 400 and do not
     * count). A fault after acting (RESET_AFTER, ACCEPTED, GARBLED, ...) does not undo the count.
     */
    public int accepted(String outRecordId) {
        return ledger.accepted(outRecordId);
    }

    public long totalRecords() {
        return ledger.totalRecords();
    }

    /** Whether a deduct order {@code outTradeNo} exists (the ledger holds at most one per number). */
    public boolean holdsDeductOrder(String outTradeNo) {
        return ledger.holdsDeductOrder(outTradeNo);
    }

    public long totalDeductOrders() {
        return ledger.totalDeductOrders();
    }

    public SandboxStats stats() {
        return stats;
    }

    /** Replaces the fault rates from now on (and restarts their per-request attempt counts). */
    public void faults(FaultRates f) {
        faults.set(Objects.requireNonNull(f, "faults"));
    }

    public FaultRates faults() {
        return faults.faults();
    }

    /** The next requests (past the signature check) get these faults, one each, in order, before any rate. */
    public void enqueue(Fault... next) {
        faults.enqueue(next);
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "WechatPaySandbox[" + baseUrl() + ", mode=" + mode + ", " + identity + "]";
    }

    /** Not thread-safe. */
    public static final class Builder {
        private SandboxIdentity identity;
        private Mode mode = Mode.PUBLIC_KEY;
        private Repeats repeats = Repeats.ANSWER_STORED;
        private Deductions deductions = Deductions.PAY_AT_ONCE;
        private ContractFields contractFields = ContractFields.CURRENT;
        private String host = "127.0.0.1";
        private int port;
        private FaultRates faults = FaultRates.NONE;
        private int seedContracts = 4;
        private Clock clock = Clock.systemUTC();
        private int callbackAttempts = 3;
        private Duration callbackBackoff = Duration.ofMillis(100);
        private boolean fastAnswers;

        private Builder() {
        }

        /** Keys to use; by default fresh ones are generated. Share one across tests to save RSA key generation. */
        public Builder identity(SandboxIdentity identity) {
            this.identity = Objects.requireNonNull(identity, "identity");
            return this;
        }

        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The answer to a repeated out_record_id or out_trade_no with the same content; ANSWER_STORED by default. */
        public Builder repeats(Repeats repeats) {
            this.repeats = Objects.requireNonNull(repeats, "repeats");
            return this;
        }

        /** When deduct orders settle: {@link Deductions#PAY_AT_ONCE} (the default) or on a control request. */
        public Builder deductions(Deductions deductions) {
            this.deductions = Objects.requireNonNull(deductions, "deductions");
            return this;
        }

        /**
         * How contract answers spell the termination mode and the amount limit: {@link ContractFields#CURRENT}
         * (the default) or {@link ContractFields#LEGACY}. Callbacks are not affected.
         */
        public Builder contractFields(ContractFields fields) {
            this.contractFields = Objects.requireNonNull(fields, "contractFields");
            return this;
        }

        /** Loopback by default; another address exposes the sandbox beyond this machine. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port: expected 0..65535, found " + port);
            }
            this.port = port;
            return this;
        }

        public Builder faults(FaultRates faults) {
            this.faults = Objects.requireNonNull(faults, "faults");
            return this;
        }

        public Builder seedContracts(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("seedContracts: expected >= 0, found " + n);
            }
            this.seedContracts = n;
            return this;
        }

        /** The sandbox's time: signature windows, answer timestamps and the repayment-date window. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Deliveries per callback (first try included), and the first backoff between them. */
        public Builder callbacks(int attempts, Duration backoff) {
            if (attempts < 1) {
                throw new IllegalArgumentException("callback attempts: expected >= 1, found " + attempts);
            }
            this.callbackAttempts = attempts;
            this.callbackBackoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /**
         * Benchmark mode: an answer whose exact bytes were signed less than 4 minutes ago is sent again with the
         * same timestamp, nonce and signature, so it stays valid while the sandbox does no RSA work for it. A
         * warm-up pass over the same items then takes the sandbox's signing out of a timed pass. Faults that
         * spoil signatures are never cached.
         */
        public Builder fastAnswers(boolean fast) {
            this.fastAnswers = fast;
            return this;
        }

        public WechatPaySandbox start() {
            return new WechatPaySandbox(this);
        }
    }
}
