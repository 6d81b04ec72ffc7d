package wechatpay.reactor.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.integration.Sandboxed.IDENTITY;
import static wechatpay.reactor.integration.Sandboxed.client;
import static wechatpay.reactor.integration.Sandboxed.item;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import wechatpay.reactor.RequestSigner;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.LoanType;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.internal.Pem;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.Fault;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/** Bad items never reach the wire; no run leaks a key, the APIv3 key or a signature. */
class BadInputAndSecretsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static WechatPaySandbox sandbox;
    private static WechatPayClient client;
    private static Contract contract;

    @BeforeAll
    static void start() {
        sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
        client = client(sandbox).build();
        contract = sandbox.contracts().get(0);
    }

    @AfterAll
    static void stop() {
        client.close();
        sandbox.close();
    }

    static Stream<Arguments> badItems() {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        List<Arguments> cases = new ArrayList<>();
        add(cases, "out_record_id with '-'", b -> b.outRecordId("R-1"), "out_record_id", "only [0-9A-Za-z]");
        add(cases, "out_record_id with Chinese", b -> b.outRecordId("单号1"), "out_record_id", "only [0-9A-Za-z]");
        add(cases, "out_record_id 33 chars", b -> b.outRecordId("A".repeat(33)), "out_record_id", "at most 32");
        add(cases, "out_record_id missing", b -> b.outRecordId(null), "out_record_id", "required");
        add(cases, "contract_id 65 chars", b -> b.contractId("1".repeat(65)), "contract_id", "at most 64");
        add(cases, "contract_id missing", b -> b.contractId(null), "contract_id", "required");
        add(cases, "appid 33 chars", b -> b.appid("w".repeat(33)), "appid", "at most 32");
        add(cases, "appid empty", b -> b.appid(""), "appid", "must not be empty");
        add(cases, "openid missing", b -> b.openid(null), "openid", "required");
        add(cases, "sub_mchid 33 chars", b -> b.subMchid("1".repeat(33)), "sub_mchid", "at most 32");
        add(cases, "sub_appid empty", b -> b.subAppid(""), "sub_appid", "omit it");
        add(cases, "amount zero", b -> b.repaymentAmount(0), "repayment_amount", "greater than 0");
        add(cases, "amount negative", b -> b.repaymentAmount(-100), "repayment_amount", "greater than 0");
        add(cases, "amount overflowing 18 digits", b -> b.repaymentAmount(Long.MAX_VALUE), "repayment_amount",
                "at most 18 digits");
        add(cases, "min above amount", b -> b.minRepaymentAmount(10_001), "min_repayment_amount", "must not exceed");
        add(cases, "min below 5%", b -> b.minRepaymentAmount(499), "min_repayment_amount", "at least 5%");
        add(cases, "cash loan min below 10%", b -> b.loanType(LoanType.CASH_LOAN).minRepaymentAmount(999),
                "min_repayment_amount", "at least 10%");
        add(cases, "consumer loan without min", b -> b.loanType(LoanType.CONSUMER_LOAN)
                .minRepaymentAmount(java.util.OptionalLong.empty()), "min_repayment_amount", "required");
        add(cases, "date today", b -> b.repaymentDate(today), "repayment_date", "must be between");
        add(cases, "date in 15 days", b -> b.repaymentDate(today.plusDays(15)), "repayment_date", "must be between");
        add(cases, "date in the past", b -> b.repaymentDate(today.minusDays(3)), "repayment_date", "must be between");
        add(cases, "date missing", b -> b.repaymentDate(null), "repayment_date", "required");
        add(cases, "emoji in description", b -> b.description("还款😀"), "description", "4-byte");
        add(cases, "emoji in openid", b -> b.openid("o😀"), "openid", "4-byte");
        add(cases, "description 128 chars", b -> b.description("描".repeat(128)), "description", "at most 127");
        add(cases, "attach 129 chars", b -> b.attach("a".repeat(129)), "attach", "at most 128");
        add(cases, "control character", b -> b.attach("line\nbreak"), "attach", "control characters");
        return cases.stream();
    }

    private static void add(List<Arguments> cases, String name, UnaryOperator<ScheduleItem.Builder> change,
            String field, String rule) {
        cases.add(Arguments.of(name, change, field, rule));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badItems")
    void aBadItemFailsNamingFieldAndRuleAndNothingIsSent(String name, UnaryOperator<ScheduleItem.Builder> change,
            String field, String rule) {
        long before = sandbox.stats().requests();
        ScheduleItem bad = change.apply(item(contract, "BAD0001").toBuilder()).build();
        StepVerifier.create(client.creditRepayment().scheduleRecords().create(bad))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ValidationException.class);
                    assertThat(((ValidationException) e).field()).isEqualTo(field);
                    assertThat(((ValidationException) e).rule()).contains(rule);
                    assertThat(e.getMessage()).startsWith(field + ": ");
                })
                .verify(TIMEOUT);
        assertThat(sandbox.stats().requests()).isEqualTo(before);
    }

    @Test
    void theCatalogueHasAtLeastTwentyCasesAndTheBaseItemIsValid() {
        assertThat(badItems().count()).isGreaterThanOrEqualTo(20);
        assertThat(client.creditRepayment().scheduleRecords().create(item(contract, "GOOD0001")).block(TIMEOUT))
                .isNotNull();
    }

    @Test
    void aRunLeaksNoKeyNoApiV3KeyAndNoSignature() {
        List<String> signatures = new ArrayList<>();
        RequestSigner real = RequestSigner.rsa(IDENTITY.merchantSerial(), IDENTITY.merchantKeys().getPrivate());
        RequestSigner recording = new RequestSigner() {
            public String serial() {
                return real.serial();
            }

            public Mono<String> sign(byte[] message) {
                return real.sign(message).doOnNext(s -> {
                    synchronized (signatures) {
                        signatures.add(s);
                    }
                });
            }
        };
        List<String> texts = new ArrayList<>();
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        try (WechatPayClient watched = client.mutate().merchant(IDENTITY.mchid(), recording).build()) {
            texts.add(watched.toString());
            texts.add(recording.toString());
            texts.add(IDENTITY.toString());
            texts.add(IDENTITY.apiV3Key().toString());
            sandbox.enqueue(Fault.SERVER_ERROR, Fault.FORGE);
            for (Mono<?> call : List.of(
                    watched.creditRepayment().scheduleRecords().create(item(contract, "SEC0001")),
                    watched.creditRepayment().scheduleRecords().create(item(contract, "SEC0002")),
                    watched.creditRepayment().scheduleRecords().create(item(contract, "SEC-BAD")),
                    watched.creditRepayment().scheduleRecords().get("SEC0001", contract.contractId()),
                    watched.chain("v3/credit-repayment/partner/contracts/{c}").get(Map.of("c", "NONE")))) {
                call.doOnNext(v -> texts.add(v.toString())).onErrorResume(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        texts.add(String.valueOf(t.getMessage()));
                        texts.add(t.toString());
                    }
                    return Mono.empty();
                }).block(TIMEOUT);
            }
            RequestSigner wrongKey = RequestSigner.rsa(IDENTITY.merchantSerial(),
                    wechatpay.reactor.internal.Certificates.rsaKeyPair(2048).getPrivate());
            try (WechatPayClient forger = client.mutate().merchant(IDENTITY.mchid(), wrongKey).build()) {
                forger.creditRepayment().scheduleRecords().create(item(contract, "SEC0003"))
                        .onErrorResume(e -> {
                            texts.add(e.getMessage());
                            return Mono.empty();
                        }).block(TIMEOUT);
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        texts.add(console.toString(StandardCharsets.UTF_8));
        assertThat(signatures).hasSizeGreaterThanOrEqualTo(4);
        assertThat(texts).hasSizeGreaterThan(8);
        String all = String.join("\n", texts);
        assertThat(all).doesNotContain(IDENTITY.apiV3KeyText());
        for (String line : Pem.encode(IDENTITY.merchantKeys().getPrivate()).split("\n")) {
            if (!line.startsWith("-----")) {
                assertThat(all).doesNotContain(line);
            }
        }
        String encoded = Base64.getEncoder().encodeToString(IDENTITY.merchantKeys().getPrivate().getEncoded());
        assertThat(all).doesNotContain(encoded.substring(100, 140));
        for (String signature : signatures) {
            assertThat(all).doesNotContain(signature).doesNotContain(signature.substring(0, 24));
        }
    }
}
