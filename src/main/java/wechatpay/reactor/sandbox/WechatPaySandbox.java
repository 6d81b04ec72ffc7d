package wechatpay.reactor.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;
import wechatpay.reactor.CertificateInfo;

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
 * <p>The WeChat Pay APIs served: the credit-repayment family, {@code GET /v3/certificates} and the self-test
 * {@code POST /v3/security/echo}. Which key signs answers is the {@link Mode}, switchable while running
 * ({@link #mode(Mode)}); platform certificates rotate while running ({@link #rotatePlatformCertificate}). The
 * server's own control endpoints under {@code /sandbox/}, the self-test's fields and the rotation rules are listed
 * in the {@linkplain wechatpay.reactor.sandbox package documentation}.
 */
public final class WechatPaySandbox implements AutoCloseable {

    /** Which WeChat Pay key signs answers. */
    public enum Mode {
        /** WeChat Pay public key ({@code PUB_KEY_ID_...}); {@code /v3/certificates} answers 404, as for such merchants. */
        PUBLIC_KEY,
        /** Platform certificate (legacy); {@code /v3/certificates} serves them encrypted with the APIv3 key. */
        PLATFORM_CERTIFICATE,
        /** Migration: public key by default, a certificate when the request's {@code Wechatpay-Serial} names it. */
        BOTH
    }

    private final DisposableServer server;
    private final SandboxIdentity identity;
    private final Ledger ledger;
    private final FaultPlan faults = new FaultPlan();
    private final FaultPlan certificateListFaults = new FaultPlan();
    private final SandboxStats stats = new SandboxStats();
    private final SandboxKeys keys;
    private final Disposable rotations;

    private WechatPaySandbox(Builder b) {
        this.identity = b.identity != null ? b.identity : SandboxIdentity.generate();
        this.keys = new SandboxKeys(identity, new PlatformCertificates(identity, b.clock), b.mode);
        this.faults.set(b.faults);
        this.certificateListFaults.set(b.certificateListFaults);
        JsonMapper json = JsonMapper.builder().build();
        AnswerSigner signer = new AnswerSigner(keys, b.clock, b.fastAnswers);
        CallbackSender callbacks = new CallbackSender(json, signer, identity, b.clock, b.callbackAttempts,
                b.callbackBackoff, stats);
        this.ledger = new Ledger(b.clock, Ledger.seedContracts(b.seedContracts), callbacks, b.repeats, b.deductions,
                b.contractFields);
        SandboxHandler handler = new SandboxHandler(json, new RequestGate(identity, keys, b.clock), signer, faults,
                certificateListFaults, ledger, new SecurityEcho(identity.mchid(), callbacks), stats, identity, keys,
                b.clock);
        SandboxControl control = new SandboxControl(json, ledger);
        this.server = HttpServer.create()
                .host(b.host)
                .port(b.port)
                .protocol(HttpProtocol.HTTP11)
                .idleTimeout(Duration.ofSeconds(8))
                .handle((req, res) -> SandboxControl.claims(req.uri()) ? control.handle(req, res) : handler.handle(req, res))
                .bindNow(Duration.ofSeconds(10));
        this.rotations = b.rotationPeriod == null ? Disposables.disposed()
                : Flux.interval(b.rotationPeriod, b.rotationPeriod, Schedulers.boundedElastic())
                        .subscribe(tick -> keys.certificates().rotate(b.rotationOverlap));
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

    /** Which key signs answers now. */
    public Mode mode() {
        return keys.mode();
    }

    /**
     * Switches which key signs answers (and which serials requests may name, and whether {@code /v3/certificates}
     * serves) from the next request on, as a merchant's migration does: PUBLIC_KEY → BOTH → PLATFORM_CERTIFICATE.
     * A request already arrived keeps the mode it arrived under; callbacks use the mode of their sending.
     */
    public void mode(Mode next) {
        keys.mode(next);
    }

    /** The platform certificates: which are listed, which signs, and {@link PlatformCertificates#rotate}. */
    public PlatformCertificates platformCertificates() {
        return keys.certificates();
    }

    /** {@code platformCertificates().rotate(overlap)}: a new certificate, answering once {@code overlap} has passed. */
    public CertificateInfo rotatePlatformCertificate(Duration overlap) {
        return keys.certificates().rotate(overlap);
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

    /**
     * Replaces the faults of {@code GET /v3/certificates} alone (see {@link Builder#certificateListFaults}): a
     * client's failed refresh on purpose, while every other API answers as {@link #faults()} says.
     */
    public void certificateListFaults(FaultRates f) {
        certificateListFaults.set(Objects.requireNonNull(f, "certificateListFaults"));
    }

    public FaultRates certificateListFaults() {
        return certificateListFaults.faults();
    }

    /** The next {@code GET /v3/certificates} requests (past the signature check) get these faults, one each. */
    public void enqueueCertificateList(Fault... next) {
        certificateListFaults.enqueue(next);
    }

    @Override
    public void close() {
        rotations.dispose();
        server.disposeNow(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "WechatPaySandbox[" + baseUrl() + ", mode=" + mode() + ", " + identity + "]";
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
        private FaultRates certificateListFaults = FaultRates.NONE;
        private Duration rotationPeriod;
        private Duration rotationOverlap;
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

        /**
         * Faults for {@code GET /v3/certificates} alone, drawn before {@link #faults} (which apply to it too when
         * these spare it): its own scripted queue, rates and latency. None by default.
         */
        public Builder certificateListFaults(FaultRates faults) {
            this.certificateListFaults = Objects.requireNonNull(faults, "certificateListFaults");
            return this;
        }

        /** Rotates the platform certificate every {@code period} with this overlap ({@link PlatformCertificates#rotate}). */
        public Builder rotatePlatformCertificateEvery(Duration period, Duration overlap) {
            if (period.isNegative() || period.isZero() || overlap.isNegative()) {
                throw new IllegalArgumentException("rotation: expected period > 0 and overlap >= 0, found "
                        + period + " and " + overlap);
            }
            this.rotationPeriod = period;
            this.rotationOverlap = overlap;
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
