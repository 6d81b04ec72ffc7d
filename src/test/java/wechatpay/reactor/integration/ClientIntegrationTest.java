package wechatpay.reactor.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.integration.Sandboxed.IDENTITY;
import static wechatpay.reactor.integration.Sandboxed.client;
import static wechatpay.reactor.integration.Sandboxed.item;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.ApiResponse;
import wechatpay.reactor.RequestSigner;
import wechatpay.reactor.RetryPolicy;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.WechatPayServiceException;
import wechatpay.reactor.WechatPayTransportException;
import wechatpay.reactor.WechatPayVerificationException;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.creditrepayment.ScheduleRecord;
import wechatpay.reactor.internal.Certificates;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.Fault;
import wechatpay.reactor.sandbox.FaultRates;
import wechatpay.reactor.sandbox.SandboxStats;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/** The client against the real sandbox on loopback: typed calls, chain(), errors, retries, verification. */
class ClientIntegrationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private WechatPaySandbox sandbox;
    private WechatPayClient client;
    private Contract contract;

    @BeforeEach
    void start() {
        sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
        client = client(sandbox).build();
        contract = sandbox.contracts().get(0);
    }

    @AfterEach
    void stop() {
        client.close();
        sandbox.close();
    }

    private List<SandboxStats.RecordedRequest> requestsTo(String fragment) {
        return sandbox.stats().recentRequests().stream().filter(r -> r.uri().contains(fragment)).toList();
    }

    @Test
    void createsAndGetsAScheduleRecord() {
        ScheduleItem item = item(contract, "IT0001");
        ScheduleRecord created = client.creditRepayment().scheduleRecords().create(item).block(TIMEOUT);
        assertThat(created.outRecordId()).isEqualTo("IT0001");
        assertThat(created.repaymentAmount()).isEqualTo(10_000);
        assertThat(created.minRepaymentAmount()).hasValue(2_000);
        assertThat(created.repaymentDate()).isEqualTo(item.repaymentDate());
        assertThat(created.contractId()).isEqualTo(contract.contractId());
        assertThat(created.description()).contains("信贷还款");
        ScheduleRecord got = client.creditRepayment().scheduleRecords().get("IT0001", contract.contractId()).block(TIMEOUT);
        assertThat(got).isEqualTo(created);
        assertThat(sandbox.created("IT0001")).isEqualTo(1);
    }

    @Test
    void chainReachesAnyEndpointWithPathVariablesAndQuery() {
        client.creditRepayment().scheduleRecords().create(item(contract, "IT0002")).block(TIMEOUT);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("out_record_id", "IT0002");
        params.put("contract_id", contract.contractId());
        ApiResponse<JsonNode> res = client.chain("v3/credit-repayment/partner/schedule-records/{out_record_id}")
                .get(params).block(TIMEOUT);
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.requestId()).isNotBlank();
        assertThat(res.headers().get("wechatpay-serial")).isEqualTo(IDENTITY.publicKeyId());
        assertThat(res.body().get("out_record_id").stringValue()).isEqualTo("IT0002");

        ApiResponse<JsonNode> contractInfo = client.chain("/v3/credit-repayment/partner/contracts/{out_contract_code}")
                .get(Map.of("out_contract_code", contract.outContractCode())).block(TIMEOUT);
        assertThat(contractInfo.body().get("contract_state").stringValue()).isEqualTo("CONTRACT_STATE_EFFECTIVE");
    }

    @Test
    void chainPostsRawBytesExactlyAndDecodesATypedBody() {
        ScheduleItem item = item(contract, "IT0003");
        String body = "{\"contract_id\":\"" + item.contractId() + "\", \"appid\":\"" + item.appid() + "\",\"openid\":\""
                + item.openid() + "\",\"schedule_items\":[{\"out_record_id\":\"IT0003\",\"sub_mchid\":\""
                + item.subMchid() + "\",\"repayment_amount\":\"500\",\"min_repayment_amount\":\"100\","
                + "\"repayment_date\":\"" + item.repaymentDate() + "\"}]}";
        ApiResponse<Records> res = client.chain("v3/credit-repayment/partner/schedule-records/batch-create")
                .post(Map.of(), body.getBytes(StandardCharsets.UTF_8), Records.class).block(TIMEOUT);
        assertThat(res.body().schedule_records()).hasSize(1);
        assertThat(res.body().schedule_records().get(0).get("repayment_amount")).isEqualTo("500");
    }

    /** A caller's own type for chain(): unknown fields are tolerated. */
    record Records(List<Map<String, Object>> schedule_records) {
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"SERVER_ERROR, 500, SYSTEM_ERROR", "THROTTLE, 429, FREQUENCY_LIMITED",
            "UNAVAILABLE, 503, SERVICE_UNAVAILABLE"})
    void retryableStatusesMapToRetryableServiceErrorsWhenRetriesRunOut(Fault fault, int status, String code) {
        WechatPayClient once = client.mutate().retryPolicy(RetryPolicy.none()).build();
        sandbox.enqueue(fault);
        StepVerifier.create(once.creditRepayment().scheduleRecords().create(item(contract, "IT0004")))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(WechatPayServiceException.class);
                    WechatPayServiceException s = (WechatPayServiceException) e;
                    assertThat(s.status()).isEqualTo(status);
                    assertThat(s.code()).isEqualTo(code);
                    assertThat(s.isRetryable()).isTrue();
                    assertThat(s.requestId()).isNotBlank();
                    assertThat(s.call()).isEqualTo("POST /v3/credit-repayment/partner/schedule-records/batch-create");
                })
                .verify(TIMEOUT);
        once.close();
    }

    @Test
    void aFiveHundredIsQueriedBeforeItIsSentAgainAndEveryCallIsSignedAnew() {
        // create → 500 (may have acted) → query → 429 → query → reset → query → 404 → create → 200
        sandbox.enqueue(Fault.SERVER_ERROR, Fault.THROTTLE, Fault.RESET_AFTER);
        ScheduleRecord record = client.creditRepayment().scheduleRecords().create(item(contract, "IT0005")).block(TIMEOUT);
        assertThat(record.outRecordId()).isEqualTo("IT0005");
        assertThat(requestsTo("batch-create")).extracting(SandboxStats.RecordedRequest::status).containsExactly(500, 200);
        assertThat(requestsTo("schedule-records/IT0005")).extracting(SandboxStats.RecordedRequest::status)
                .containsExactly(429, 0, 404);
        Set<String> nonces = requestsTo("/v3/").stream().map(SandboxStats.RecordedRequest::nonce)
                .collect(Collectors.toSet());
        assertThat(nonces).hasSize(5).allSatisfy(n -> assertThat(n).matches("[0-9A-Za-z]{32}"));
        assertThat(sandbox.created("IT0005")).isEqualTo(1);
    }

    @Test
    void aBusinessRefusalIsNotRetriedAndNamesTheField() {
        ScheduleItem wrongAppid = item(contract, "IT0006").toBuilder().appid("wx0000000000000000").build();
        StepVerifier.create(client.creditRepayment().scheduleRecords().create(wrongAppid))
                .expectErrorSatisfies(e -> {
                    WechatPayServiceException s = (WechatPayServiceException) e;
                    assertThat(s.status()).isEqualTo(400);
                    assertThat(s.code()).isEqualTo("PARAM_ERROR");
                    assertThat(s.field()).isEqualTo("/appid");
                    assertThat(s.isRetryable()).isFalse();
                    assertThat(s.getMessage()).contains("400 PARAM_ERROR").contains("(field /appid)");
                })
                .verify(TIMEOUT);
        assertThat(requestsTo("batch-create")).hasSize(1);
    }

    @Test
    void anUnknownContractIs404AndNotRetried() {
        StepVerifier.create(client.creditRepayment().scheduleRecords().get("NOPE", contract.contractId()))
                .expectErrorSatisfies(e -> {
                    assertThat(((WechatPayServiceException) e).status()).isEqualTo(404);
                    assertThat(((WechatPayServiceException) e).code()).isEqualTo("RESOURCE_NOT_EXISTS");
                })
                .verify(TIMEOUT);
        assertThat(requestsTo("schedule-records/NOPE")).hasSize(1);
    }

    @Test
    void aRepeatedIdWithOtherContentIsAConflictFoundByAQuery() {
        client.creditRepayment().scheduleRecords().create(item(contract, "IT0007")).block(TIMEOUT);
        ScheduleItem changed = item(contract, "IT0007").toBuilder().repaymentAmount(10_001).build();
        StepVerifier.create(client.creditRepayment().scheduleRecords().create(changed))
                .expectErrorSatisfies(e -> {
                    assertThat(((WechatPayServiceException) e).code()).isEqualTo(WechatPayServiceException.CONFLICT);
                    assertThat(e.getMessage()).contains("out_record_id IT0007 already holds a record with other content");
                })
                .verify(TIMEOUT);
        assertThat(requestsTo("batch-create")).extracting(SandboxStats.RecordedRequest::status).containsExactly(200, 400);
        assertThat(requestsTo("schedule-records/IT0007")).hasSize(1);
        assertThat(sandbox.created("IT0007")).isEqualTo(1);
    }

    @Test
    void aSignErrorFromAWrongKeyNamesTheKeyAndIsNotRetried() {
        RequestSigner wrongKey = RequestSigner.rsa(IDENTITY.merchantSerial(), Certificates.rsaKeyPair(2048).getPrivate());
        try (WechatPayClient forger = client.mutate().merchant(IDENTITY.mchid(), wrongKey).build()) {
            StepVerifier.create(forger.creditRepayment().scheduleRecords().create(item(contract, "IT0008")))
                    .expectErrorSatisfies(e -> {
                        WechatPayServiceException s = (WechatPayServiceException) e;
                        assertThat(s.status()).isEqualTo(401);
                        assertThat(s.code()).isEqualTo("SIGN_ERROR");
                        assertThat(s.signInformation().get("sign_message_length").asInt())
                                .isEqualTo(s.signedMessageLength());
                        assertThat(s.getMessage()).contains("the same on both sides", "private key or serial_no");
                        assertThat(s.isRetryable()).isFalse();
                    })
                    .verify(TIMEOUT);
        }
        assertThat(requestsTo("batch-create")).hasSize(1);
        assertThat(sandbox.created("IT0008")).isZero();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"FORGE, BAD_SIGNATURE", "STALE, STALE_TIMESTAMP", "PROBE, PROBE", "UNKNOWN_SERIAL, UNKNOWN_SERIAL"})
    void anUntrustworthy2xxIsNeverRetriedBlindlyAndACreateAsksAVerifiedQuery(Fault fault,
            WechatPayVerificationException.Reason reason) {
        sandbox.enqueue(fault);
        StepVerifier.create(client.chain("v3/credit-repayment/partner/contracts/{c}").get(Map.of("c", contract.outContractCode())))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(WechatPayVerificationException.class);
                    assertThat(((WechatPayVerificationException) e).reason()).isEqualTo(reason);
                    assertThat(((WechatPayVerificationException) e).status()).isEqualTo(200);
                    assertThat(((WechatPayVerificationException) e).isRetryable()).isFalse();
                    assertThat(((WechatPayVerificationException) e).mayHaveActed()).isTrue();
                })
                .verify(TIMEOUT);
        assertThat(sandbox.stats().requests()).isEqualTo(1);

        sandbox.enqueue(fault);
        ScheduleRecord record = client.creditRepayment().scheduleRecords().create(item(contract, "IT0009")).block(TIMEOUT);
        assertThat(record.outRecordId()).isEqualTo("IT0009");
        assertThat(requestsTo("batch-create")).hasSize(1);
        assertThat(requestsTo("schedule-records/IT0009")).extracting(SandboxStats.RecordedRequest::status)
                .containsExactly(200);
        assertThat(sandbox.created("IT0009")).isEqualTo(1);
    }

    @Test
    void assemblingAMonoSendsNothing() {
        Mono<ScheduleRecord> assembled = client.creditRepayment().scheduleRecords().create(item(contract, "IT0010"));
        Mono<ApiResponse<JsonNode>> chained = client.chain("v3/credit-repayment/partner/contracts/{c}")
                .get(Map.of("c", contract.outContractCode()));
        // Another call goes all the way through meanwhile: had the assembled ones started, they would show here.
        client.creditRepayment().scheduleRecords().get("NOTHING", contract.contractId()).onErrorResume(e -> Mono.empty())
                .block(TIMEOUT);
        assertThat(sandbox.stats().requests()).isEqualTo(1);
        assertThat(sandbox.created("IT0010")).isZero();
        assembled.block(TIMEOUT);
        chained.block(TIMEOUT);
        assertThat(sandbox.stats().requests()).isEqualTo(3);
    }

    @Test
    void cancellingAnInFlightCallReleasesItsConnection() throws InterruptedException {
        try (WechatPayClient single = client.mutate().maxInFlight(1).responseTimeout(Duration.ofSeconds(30)).build()) {
            sandbox.faults(FaultRates.NONE.withLatency(Duration.ofSeconds(10), Duration.ofSeconds(10)));
            Disposable slow = single.creditRepayment().scheduleRecords().create(item(contract, "IT0011")).subscribe();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (sandbox.stats().inFlight() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            slow.dispose();
            sandbox.faults(FaultRates.NONE);
            // With the only connection still held, this would wait the slow call's 10 s out.
            StepVerifier.create(single.creditRepayment().scheduleRecords().get("NONE", contract.contractId()))
                    .expectError(WechatPayServiceException.class)
                    .verify(Duration.ofSeconds(5));
        }
    }

    @Test
    void aTimeoutIsATransportFailureThatMayHaveReachedTheServer() {
        try (WechatPayClient impatient = client.mutate().responseTimeout(Duration.ofMillis(200))
                .retryPolicy(RetryPolicy.none()).build()) {
            sandbox.faults(FaultRates.NONE.withLatency(Duration.ofMillis(1500), Duration.ofMillis(1500)));
            StepVerifier.create(impatient.creditRepayment().scheduleRecords().get("X", contract.contractId()))
                    .expectErrorSatisfies(e -> {
                        WechatPayTransportException t = (WechatPayTransportException) e;
                        assertThat(t.kind()).isEqualTo(WechatPayTransportException.Kind.TIMEOUT);
                        assertThat(t.mayHaveActed()).isTrue();
                        assertThat(t.isRetryable()).isTrue();
                    })
                    .verify(TIMEOUT);
        }
    }

    @Test
    void aRefusedConnectionIsATransportFailureThatNeverLeft() {
        WechatPaySandbox gone = WechatPaySandbox.builder().identity(IDENTITY).start();
        String url = gone.baseUrl();
        gone.close();
        try (WechatPayClient lost = client.mutate().baseUrl(url).retryPolicy(RetryPolicy.none()).build()) {
            StepVerifier.create(lost.creditRepayment().scheduleRecords().get("X", "C"))
                    .expectErrorSatisfies(e -> {
                        WechatPayTransportException t = (WechatPayTransportException) e;
                        assertThat(t.kind()).isEqualTo(WechatPayTransportException.Kind.CONNECT);
                        assertThat(t.mayHaveActed()).isFalse();
                    })
                    .verify(TIMEOUT);
        }
    }

    @Test
    void anOversizeAnswerIsRefused() {
        // The certificate list (about 2 KiB) is the largest answer the sandbox gives.
        try (WechatPaySandbox certs = WechatPaySandbox.builder().identity(IDENTITY)
                .mode(WechatPaySandbox.Mode.PLATFORM_CERTIFICATE).start();
                WechatPayClient big = client(certs).build();
                WechatPayClient small = client(certs).maxResponseBytes(1024).build()) {
            assertThat(big.chain("v3/certificates").get().block(TIMEOUT).body().get("data")).hasSize(1);
            StepVerifier.create(small.chain("v3/certificates").get())
                    .expectErrorSatisfies(e -> {
                        assertThat(((WechatPayTransportException) e).kind())
                                .isEqualTo(WechatPayTransportException.Kind.RESPONSE_TOO_LARGE);
                        assertThat(((WechatPayTransportException) e).isRetryable()).isFalse();
                    })
                    .verify(TIMEOUT);
            assertThat(certs.stats().requests()).isEqualTo(2);
        }
    }
}
