package wechatpay.reactor.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.integration.Sandboxed.IDENTITY;
import static wechatpay.reactor.integration.Sandboxed.client;
import static wechatpay.reactor.integration.Sandboxed.item;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import wechatpay.reactor.ApiResponse;
import wechatpay.reactor.RequestSigner;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.WechatPayServiceException;
import wechatpay.reactor.creditrepayment.OutcomeCodes;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.creditrepayment.StreamOptions;
import wechatpay.reactor.creditrepayment.ScheduleOutcome;
import wechatpay.reactor.creditrepayment.StreamStats;
import wechatpay.reactor.internal.Certificates;
import wechatpay.reactor.internal.Oaep;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.Fault;
import wechatpay.reactor.sandbox.FaultRates;
import wechatpay.reactor.sandbox.SandboxStats;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/**
 * Against the real sandbox on loopback: a wrong merchant key stops a big stream after a few calls while every item
 * still gets one outcome; H5 presign with an encrypted {@code real_identity} names the key it was encrypted for in
 * {@code Wechatpay-Serial} (read off the wire by a recording relay between client and sandbox); and answers that
 * drift in shape (no Request-ID, optional fields missing, unknown fields) still schedule every item exactly once.
 */
class MerchantStopAndPresignTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String H5_PRESIGN = "v3/credit-repayment/partner/contracts/h5-presign";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PrivateKey SOME_OTHER_KEY = Certificates.rsaKeyPair(2048).getPrivate();
    private static final String UNKNOWN_KEY = "PUB_KEY_ID_0000000000000000000000000000";
    private static final String ID_NUMBER = "110101199003070000";
    private static final String NAME = "张三";

    private static Flux<ScheduleItem> items(WechatPaySandbox sandbox, String prefix, int n) {
        List<Contract> contracts = sandbox.contracts();
        return Flux.range(0, n).map(i -> item(contracts.get(i % contracts.size()), prefix + i));
    }

    private static WechatPayClient wrongKeyClient(WechatPaySandbox sandbox) {
        return client(sandbox).merchant(IDENTITY.mchid(), RequestSigner.rsa(IDENTITY.merchantSerial(), SOME_OTHER_KEY))
                .maxInFlight(16).build();
    }

    private static List<ScheduleOutcome> run(Flux<ScheduleOutcome> outcomes) {
        List<ScheduleOutcome> all = new ArrayList<>();
        StepVerifier.create(outcomes).recordWith(() -> all).thenConsumeWhile(o -> true).expectComplete().verify(TIMEOUT);
        return all;
    }

    // ---------------------------------------------------------------- a wrong merchant key

    @Test
    void aWrongMerchantKeyStopsATenThousandItemStreamAfterAFewCallsAndEveryItemGetsOneOutcome() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
                WechatPayClient client = wrongKeyClient(sandbox)) {
            StreamStats stats = new StreamStats();
            List<ScheduleOutcome> outcomes = run(client.creditRepayment().scheduleRecords()
                    .schedule(items(sandbox, "W", 10_000), StreamOptions.defaults().withStats(stats)));

            assertThat(outcomes).hasSize(10_000);
            assertThat(outcomes.stream().map(ScheduleOutcome::index).collect(Collectors.toSet()))
                    .as("each index exactly once").hasSize(10_000)
                    .isEqualTo(LongStream.range(0, 10_000).boxed().collect(Collectors.toSet()));
            assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(ScheduleOutcome.Failed.class));
            assertThat(outcomes).allSatisfy(o -> assertThat(o.item().outRecordId()).isEqualTo("W" + o.index()));

            List<ScheduleOutcome.Failed> sent = outcomes.stream().filter(o -> o.attempts() > 0)
                    .map(ScheduleOutcome.Failed.class::cast).toList();
            List<ScheduleOutcome.Failed> stopped = outcomes.stream().filter(o -> o.attempts() == 0)
                    .map(ScheduleOutcome.Failed.class::cast).toList();
            assertThat(sent).as("sent before the stop").hasSizeBetween(3, 3 + 16).allSatisfy(f -> {
                assertThat(f.code()).isEqualTo("SIGN_ERROR");
                assertThat(f.attempts()).isEqualTo(1);
                assertThat(f.requestIds()).hasSize(1).doesNotContainNull();
                assertThat(((WechatPayServiceException) f.cause()).status()).isEqualTo(401);
            });
            assertThat(stopped).hasSize(10_000 - sent.size()).allSatisfy(f -> {
                assertThat(f.code()).isEqualTo(OutcomeCodes.STOPPED);
                assertThat(f.message()).startsWith("not sent: the calls stopped after 3 answers in a row about the merchant")
                        .contains("SIGN_ERROR");
                assertThat(f.requestIds()).isEmpty();
            });
            assertThat(sandbox.stats().requests()).as("3 answers in a row stop it; at most 16 were in flight then")
                    .isLessThanOrEqualTo(3 + 16).isEqualTo(sent.size());
            assertThat(sandbox.stats().count(401)).isEqualTo(sent.size());

            StreamStats.Summary summary = stats.snapshot();
            assertThat(summary.stopped()).isEqualTo(stopped.size());
            assertThat(summary.failed()).isEqualTo(10_000);
            assertThat(summary.calls()).isEqualTo(sent.size());
            assertThat(summary.stoppedBecause()).isNotNull().contains("401 SIGN_ERROR");
            assertThat(sandbox.totalRecords()).isZero();
        }
    }

    @Test
    void withoutTheStopEveryItemIsSentAndRefusedOnItsOwn() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
                WechatPayClient client = wrongKeyClient(sandbox)) {
            StreamStats stats = new StreamStats();
            List<ScheduleOutcome> outcomes = run(client.creditRepayment().scheduleRecords().schedule(items(sandbox, "N", 50),
                    StreamOptions.defaults().withStopAfterMerchantFailures(0).withStats(stats)));
            assertThat(outcomes).hasSize(50).allSatisfy(o -> {
                assertThat(o).isInstanceOf(ScheduleOutcome.Failed.class);
                assertThat(((ScheduleOutcome.Failed) o).code()).isEqualTo("SIGN_ERROR");
                assertThat(o.attempts()).isEqualTo(1);
            });
            assertThat(outcomes).extracting(ScheduleOutcome::index).doesNotHaveDuplicates();
            assertThat(sandbox.stats().requests()).isEqualTo(50);
            assertThat(stats.snapshot().stopped()).isZero();
            assertThat(stats.snapshot().stoppedBecause()).isNull();
        }
    }

    // ---------------------------------------------------------------- H5 presign with real_identity

    /** The documented H5 presign body, the identity RSA-OAEP encrypted for {@code key}. */
    private static Map<String, Object> presign(String code, PublicKey key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("appid", "wxd678efh567hg6787");
        body.put("plan_id", "CONSUMER_LOAN_PLAN");
        body.put("out_contract_code", code);
        body.put("display_name", "***S");
        body.put("contract_notify_url", "https://merchant.example/credit-repayment/notify");
        body.put("repayment_amount_limit", "5000000");
        body.put("jump_info", Map.of("jump_appid", "wxd678efh567hg6787"));
        body.put("real_identity", Map.of("identity_type", "REAL_IDENTITY_TYPE_ID_CARD",
                "identity_id", Oaep.encrypt(key, ID_NUMBER.getBytes(StandardCharsets.UTF_8)),
                "real_name", Oaep.encrypt(key, NAME.getBytes(StandardCharsets.UTF_8))));
        return body;
    }

    private static Set<String> codes(WechatPaySandbox sandbox) {
        return sandbox.contracts().stream().map(Contract::outContractCode).collect(Collectors.toSet());
    }

    /** The identity on the wire opens with {@code key}: it was encrypted for the key the request names. */
    private static void identityOpensWith(RecordingRelay.Seen request, PrivateKey key) {
        JsonNode identity = JSON.readTree(request.body()).get("real_identity");
        assertThat(new String(Oaep.decrypt(key, identity.get("identity_id").stringValue()), StandardCharsets.UTF_8))
                .isEqualTo(ID_NUMBER);
        assertThat(new String(Oaep.decrypt(key, identity.get("real_name").stringValue()), StandardCharsets.UTF_8))
                .isEqualTo(NAME);
    }

    private static void presigned(ApiResponse<JsonNode> answer) {
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("redirect_url").stringValue()).startsWith("https://");
    }

    @Test
    void h5PresignInPublicKeyModeNamesThePublicKeyByDefaultOrWhenTold() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
                RecordingRelay relay = new RecordingRelay(sandbox.baseUrl());
                WechatPayClient client = client(sandbox).baseUrl(relay.baseUrl()).build()) {
            PublicKey key = sandbox.identity().wechatPayKeys().getPublic();
            String id = sandbox.identity().publicKeyId();

            presigned(client.chain(H5_PRESIGN).post(presign("PKDEFAULT1", key)).block(TIMEOUT));
            presigned(client.chain(H5_PRESIGN).header("Wechatpay-Serial", id).post(presign("PKNAMED1", key))
                    .block(TIMEOUT));

            assertThat(relay.presigns()).hasSize(2).allSatisfy(r -> {
                assertThat(r.header("Wechatpay-Serial")).containsExactly(id);
                identityOpensWith(r, sandbox.identity().wechatPayKeys().getPrivate());
            });
            assertThat(codes(sandbox)).contains("PKDEFAULT1", "PKNAMED1");
            assertThat(sandbox.contracts()).filteredOn(c -> c.outContractCode().startsWith("PK"))
                    .allSatisfy(c -> assertThat(c.state()).isEqualTo(Contract.INVALID));
        }
    }

    @Test
    void aSerialTheSandboxDoesNotHoldIsRefusedAsParamErrorAndNothingIsCreated() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
                RecordingRelay relay = new RecordingRelay(sandbox.baseUrl());
                WechatPayClient client = client(sandbox).baseUrl(relay.baseUrl()).build()) {
            Set<String> before = codes(sandbox);
            StepVerifier.create(client.chain(H5_PRESIGN).header("Wechatpay-Serial", UNKNOWN_KEY)
                            .post(presign("PKUNKNOWN1", sandbox.identity().wechatPayKeys().getPublic())))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayServiceException.class, s -> {
                        assertThat(s.status()).isEqualTo(400);
                        assertThat(s.code()).isEqualTo("PARAM_ERROR");
                        assertThat(s.field()).isEqualTo("Wechatpay-Serial");
                        assertThat(s.isRetryable()).isFalse();
                    }))
                    .verify(TIMEOUT);
            assertThat(relay.presigns()).singleElement()
                    .satisfies(r -> assertThat(r.header("Wechatpay-Serial")).containsExactly(UNKNOWN_KEY));
            assertThat(codes(sandbox)).isEqualTo(before).doesNotContain("PKUNKNOWN1");
            assertThat(sandbox.stats().count(400)).isEqualTo(1);
        }
    }

    @Test
    void h5PresignInPlatformCertificateModeNamesTheCertificate() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY)
                        .mode(WechatPaySandbox.Mode.PLATFORM_CERTIFICATE).start();
                RecordingRelay relay = new RecordingRelay(sandbox.baseUrl());
                WechatPayClient client = client(sandbox).baseUrl(relay.baseUrl()).build()) {
            PublicKey key = sandbox.identity().platformCertificate().publicKey();
            String serial = sandbox.identity().platformCertificate().serial();

            ApiResponse<JsonNode> answer = client.chain(H5_PRESIGN).post(presign("CERTPRESIGN1", key)).block(TIMEOUT);
            presigned(answer);
            assertThat(answer.headers().entrySet()).filteredOn(h -> h.getKey().equalsIgnoreCase("Wechatpay-Serial"))
                    .extracting(Map.Entry::getValue).containsExactly(serial);
            presigned(client.chain(H5_PRESIGN).header("Wechatpay-Serial", serial).post(presign("CERTPRESIGN2", key))
                    .block(TIMEOUT));

            assertThat(relay.presigns()).hasSize(2).allSatisfy(r -> {
                assertThat(r.header("Wechatpay-Serial")).containsExactly(serial);
                identityOpensWith(r, sandbox.identity().platformKeys().getPrivate());
            });
            assertThat(codes(sandbox)).contains("CERTPRESIGN1", "CERTPRESIGN2");
        }
    }

    // ---------------------------------------------------------------- answers that drift in shape

    @Test
    void answersWithoutRequestIdOrOptionalFieldsOrWithUnknownFieldsStillScheduleEveryItemOnce() {
        FaultRates faults = FaultRates.NONE.withSeed(20_261_201).with(Fault.NO_REQUEST_ID, 0.3)
                .with(Fault.MISSING_OPTIONAL, 0.3).with(Fault.UNKNOWN_FIELDS, 0.3);
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).faults(faults).start();
                WechatPayClient client = client(sandbox).build()) {
            List<ScheduleOutcome> outcomes = run(client.creditRepayment().scheduleRecords()
                    .schedule(items(sandbox, "F", 300), StreamOptions.defaults().withMaxInFlight(16)));

            assertThat(outcomes).hasSize(300);
            assertThat(outcomes).extracting(ScheduleOutcome::index).doesNotHaveDuplicates();
            assertThat(outcomes).allSatisfy(o -> {
                assertThat(o).isInstanceOf(ScheduleOutcome.Scheduled.class);
                ScheduleOutcome.Scheduled s = (ScheduleOutcome.Scheduled) o;
                assertThat(s.record().outRecordId()).isEqualTo(o.item().outRecordId());
                assertThat(s.record().contractId()).isEqualTo(o.item().contractId());
                assertThat(s.record().minRepaymentAmount()).isEqualTo(o.item().minRepaymentAmount());
                assertThat(s.record().description()).isEqualTo(o.item().description());
                assertThat(s.attempts()).isEqualTo(1);
                assertThat(s.reconciled()).isFalse();
                assertThat(s.requestIds()).doesNotContainNull().hasSizeLessThanOrEqualTo(1);
                assertThat(sandbox.created(o.item().outRecordId())).isEqualTo(1);
            });

            List<SandboxStats.RecordedRequest> requests = sandbox.stats().recentRequests();
            assertThat(requests).hasSize(300).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
            Map<String, Long> byFault = requests.stream()
                    .collect(Collectors.groupingBy(r -> String.valueOf(r.fault()), Collectors.counting()));
            assertThat(byFault).as("each drift really happened")
                    .hasEntrySatisfying(Fault.NO_REQUEST_ID.name(), n -> assertThat(n).isGreaterThan(30))
                    .hasEntrySatisfying(Fault.MISSING_OPTIONAL.name(), n -> assertThat(n).isGreaterThan(30))
                    .hasEntrySatisfying(Fault.UNKNOWN_FIELDS.name(), n -> assertThat(n).isGreaterThan(30));
            assertThat(outcomes).filteredOn(o -> o.requestIds().isEmpty())
                    .as("exactly the answers without a Request-ID leave an item without one")
                    .hasSize(byFault.get(Fault.NO_REQUEST_ID.name()).intValue());
            Set<String> ids = new HashSet<>();
            outcomes.forEach(o -> ids.addAll(o.requestIds()));
            assertThat(ids).hasSize(300 - byFault.get(Fault.NO_REQUEST_ID.name()).intValue());
            assertThat(sandbox.totalRecords()).isEqualTo(300);
        }
    }
}
