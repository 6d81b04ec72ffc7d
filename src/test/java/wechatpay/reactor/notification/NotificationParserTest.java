package wechatpay.reactor.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static wechatpay.reactor.notification.CallbackFixtures.AAD;
import static wechatpay.reactor.notification.CallbackFixtures.EVENT_ID;
import static wechatpay.reactor.notification.CallbackFixtures.IDENTITY;
import static wechatpay.reactor.notification.CallbackFixtures.JSON;
import static wechatpay.reactor.notification.CallbackFixtures.NOW;
import static wechatpay.reactor.notification.CallbackFixtures.contractResource;
import static wechatpay.reactor.notification.CallbackFixtures.deductionResource;
import static wechatpay.reactor.notification.CallbackFixtures.envelope;
import static wechatpay.reactor.notification.CallbackFixtures.sign;
import static wechatpay.reactor.notification.CallbackFixtures.signed;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.VerificationKeys;
import wechatpay.reactor.creditrepayment.ContractState;
import wechatpay.reactor.creditrepayment.DeductOrderState;
import wechatpay.reactor.notification.NotificationException.Reason;

/** NotificationParser on good callbacks: each event type typed, laziness, the thread it runs on, its settings. */
class NotificationParserTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final NotificationParser parser = CallbackFixtures.parser();

    private Notification parse(CallbackFixtures.Signed callback) {
        AtomicReference<Notification> got = new AtomicReference<>();
        StepVerifier.create(parser.parse(callback.lookup(), callback.body()))
                .assertNext(got::set).expectComplete().verify(TIMEOUT);
        return got.get();
    }

    @Test
    void deductionPayIsTyped() {
        Notification n = parse(signed(envelope(Notification.DeductionPaid.EVENT_TYPE, deductionResource())));
        assertThat(n).isInstanceOfSatisfying(Notification.DeductionPaid.class, paid -> {
            assertThat(paid.id()).isEqualTo(EVENT_ID);
            assertThat(paid.createTime()).isEqualTo(OffsetDateTime.parse("2026-03-01T10:00:00+08:00"));
            assertThat(paid.eventType()).isEqualTo("CREDIT_REPAYMENT.DEDUCTION_PAY");
            assertThat(paid.summary()).isEqualTo("还款成功");
            assertThat(paid.spMchid()).contains("1900000001");
            assertThat(paid.subMchid()).contains("1900000110");
            assertThat(paid.order().outTradeNo()).isEqualTo("T20260301A");
            assertThat(paid.order().state()).isEqualTo(DeductOrderState.PAY_SUCCESS);
            assertThat(paid.order().deductAmount()).isEqualTo(8000);
            assertThat(paid.order().paySuccessAmount()).isEqualTo(OptionalLong.of(8000));
            assertThat(paid.order().transactionId()).contains("4200000000000000000000000001");
        });
        // ids and state only: nothing else of the decrypted resource
        assertThat(n.toString()).contains(EVENT_ID, "T20260301A", "R20260301A", "1900000110",
                "DEDUCT_ORDER_STATE_PAY_SUCCESS").doesNotContain("8000", "信贷还款", "batch=7", "oUpF8u");
    }

    @Test
    void signContractIsTyped() {
        Notification n = parse(signed(envelope(Notification.ContractSigned.EVENT_TYPE,
                contractResource("CONTRACT_STATE_EFFECTIVE"))));
        assertThat(n).isInstanceOfSatisfying(Notification.ContractSigned.class, signed -> {
            assertThat(signed.spMchid()).contains("1900000001");
            assertThat(signed.contract().contractId()).contains("2026000000000000000000001");
            assertThat(signed.contract().state()).isEqualTo(ContractState.EFFECTIVE);
            assertThat(signed.contract().repaymentAmountLimit()).isEqualTo(5_000_000);
        });
        assertThat(n.toString()).contains("ContractSigned", "C20260301A").doesNotContain("***S", "5000000", "oUpF8u");
    }

    @Test
    void terminateContractIsTyped() {
        ObjectNode resource = contractResource("CONTRACT_STATE_TERMINATED");
        resource.put("contract_terminated_time", "2026-03-02T10:00:00+08:00");
        resource.put("contract_terminated_mode", "TERMINATION_MODE_BY_MERCHANT");
        Notification n = parse(signed(envelope(Notification.ContractTerminated.EVENT_TYPE, resource)));
        assertThat(n).isInstanceOfSatisfying(Notification.ContractTerminated.class, ended -> {
            assertThat(ended.contract().state()).isEqualTo(ContractState.TERMINATED);
            assertThat(ended.contract().terminatedTime()).isPresent();
        });
    }

    // An event type this client does not type is Other, with the decrypted resource as JSON, never in toString.
    @Test
    void unknownEventTypeIsOther() {
        ObjectNode resource = JSON.createObjectNode().put("echo_message", "ping-secretive").put("n", 1);
        Notification n = parse(signed(envelope("SECURITY_ECHO.SUCCESS", resource)));
        assertThat(n).isInstanceOfSatisfying(Notification.Other.class, other -> {
            assertThat(other.eventType()).isEqualTo("SECURITY_ECHO.SUCCESS");
            assertThat(other.resource()).isEqualTo(resource);
            ((ObjectNode) other.resource()).put("n", 2);        // a copy: the record does not change
            assertThat(other.resource().get("n").intValue()).isEqualTo(1);
        });
        assertThat(n.toString()).contains("SECURITY_ECHO.SUCCESS").doesNotContain("ping-secretive");
    }

    // A resource without sp_mchid / sub_mchid (as the sandbox sends) is read with those empty.
    @Test
    void partnerIdsAreOptional() {
        ObjectNode resource = deductionResource();
        resource.remove(List.of("sp_mchid", "sub_mchid"));
        Notification n = parse(signed(envelope(Notification.DeductionPaid.EVENT_TYPE, resource)));
        assertThat(((Notification.DeductionPaid) n).spMchid()).isEmpty();
        assertThat(((Notification.DeductionPaid) n).subMchid()).isEmpty();
    }

    // associated_data: empty is fine; absent counts as empty (same AES-GCM input); absent when it was sealed with
    // "credit_repayment" fails decryption. original_type and resource_type are not checked.
    @Test
    void associatedDataMayBeEmptyOrAbsent() {
        byte[] plaintext = JSON.writeValueAsBytes(deductionResource());
        ObjectNode empty = envelope(Notification.DeductionPaid.EVENT_TYPE, plaintext, "");
        ((ObjectNode) empty.get("resource")).put("original_type", "transaction");
        empty.put("resource_type", "something-else");
        assertThat(parse(signed(empty))).isInstanceOf(Notification.DeductionPaid.class);

        ObjectNode absent = envelope(Notification.DeductionPaid.EVENT_TYPE, plaintext, "");
        ((ObjectNode) absent.get("resource")).remove("associated_data");
        assertThat(parse(signed(absent))).isInstanceOf(Notification.DeductionPaid.class);

        ObjectNode dropped = envelope(Notification.DeductionPaid.EVENT_TYPE, plaintext, AAD);
        ((ObjectNode) dropped.get("resource")).remove("associated_data");
        CallbackFixtures.Signed callback = signed(dropped);
        StepVerifier.create(parser.parse(callback.lookup(), callback.body()))
                .expectErrorSatisfies(e -> assertThat(((NotificationException) e).reason())
                        .isEqualTo(Reason.DECRYPTION_FAILED))
                .verify(TIMEOUT);
    }

    // 299 s off is inside the window, in both directions (300 s is outside: the catalogue).
    @Test
    void timestamps299SecondsOffAreValid() {
        byte[] body = JSON.writeValueAsBytes(envelope(Notification.DeductionPaid.EVENT_TYPE, deductionResource()));
        assertThat(parse(sign(body, NOW.getEpochSecond() - 299))).isInstanceOf(Notification.DeductionPaid.class);
        assertThat(parse(sign(body, NOW.getEpochSecond() + 299))).isInstanceOf(Notification.DeductionPaid.class);
    }

    // Nothing happens before subscription; then the header lookups and the RSA check run on a parallel thread.
    @Test
    void lazyAndOffTheCallersThread() {
        CallbackFixtures.Signed callback = signed(envelope(Notification.DeductionPaid.EVENT_TYPE, deductionResource()));
        AtomicInteger lookups = new AtomicInteger();
        AtomicReference<String> thread = new AtomicReference<>();
        var mono = parser.parse(name -> {
            lookups.incrementAndGet();
            thread.set(Thread.currentThread().getName());
            return callback.lookup().apply(name);
        }, callback.body());
        assertThat(lookups).hasValue(0);
        StepVerifier.create(mono).expectNextCount(1).expectComplete().verify(TIMEOUT);
        assertThat(lookups.get()).isPositive();
        assertThat(thread.get()).startsWith("parallel-");
    }

    // Headers as a multi-valued map, names in any case (lower case as HTTP/2 sends them); a repeated signature
    // header with the same value is fine, with another value it is MALFORMED_HEADER.
    @Test
    void multiValuedHeadersInAnyCase() {
        CallbackFixtures.Signed callback = signed(envelope(Notification.DeductionPaid.EVENT_TYPE, deductionResource()));
        Map<String, List<String>> lower = new java.util.HashMap<>();
        callback.headers().forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), List.of(v)));
        lower.put("WECHATPAY-NONCE", List.of(callback.headers().get("Wechatpay-Nonce")));
        StepVerifier.create(parser.parse(lower, callback.body())).expectNextCount(1).expectComplete().verify(TIMEOUT);

        lower.put("wechatpay-serial", List.of(IDENTITY.publicKeyId(), "PUB_KEY_ID_0199999999999999999999999999"));
        StepVerifier.create(parser.parse(lower, callback.body()))
                .expectErrorSatisfies(e -> assertThat(((NotificationException) e).reason())
                        .isEqualTo(Reason.MALFORMED_HEADER))
                .verify(TIMEOUT);
        // a lookup that knows only lower-case names works as well
        StepVerifier.create(parser.parse(name -> lowerOnly(callback, name), callback.body()))
                .expectNextCount(1).expectComplete().verify(TIMEOUT);
    }

    private static String lowerOnly(CallbackFixtures.Signed callback, String name) {
        return name.equals(name.toLowerCase(java.util.Locale.ROOT)) ? callback.headers().get(name) : null;
    }

    @Test
    void builderNamesTheMissingOrWrongField() {
        VerificationKeys keys = VerificationKeys.ofPublicKey(IDENTITY.publicKeyId(), IDENTITY.wechatPayKeys().getPublic());
        assertThatThrownBy(() -> NotificationParser.builder().apiV3Key(IDENTITY.apiV3Key()).build())
                .hasMessageStartingWith("keys:");
        assertThatThrownBy(() -> NotificationParser.builder().keys(keys).build()).hasMessageStartingWith("apiV3Key:");
        NotificationParser.Builder ok = NotificationParser.builder().keys(keys).apiV3Key(IDENTITY.apiV3Key());
        assertThatThrownBy(() -> ok.clock(null).build()).hasMessageStartingWith("clock:");
        ok.clock(java.time.Clock.systemUTC());
        for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofSeconds(-1), Duration.ofMillis(1500)}) {
            assertThatThrownBy(() -> ok.window(bad).build()).hasMessageStartingWith("window:");
        }
        ok.window(Duration.ofSeconds(300));
        assertThatThrownBy(() -> ok.maxBodyBytes(0).build()).hasMessageStartingWith("maxBodyBytes:");
        assertThat(ok.maxBodyBytes(1024).build().toString()).contains(IDENTITY.publicKeyId())
                .doesNotContain(IDENTITY.apiV3KeyText());
    }

    // forClient takes the client's keys, clock and window.
    @Test
    void forClientUsesTheClientsKeys() {
        try (var sandbox = wechatpay.reactor.sandbox.WechatPaySandbox.builder().identity(IDENTITY).start();
                var client = wechatpay.reactor.integration.Sandboxed.client(sandbox)
                        .clock(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC)).build()) {
            NotificationParser fromClient = NotificationParser.forClient(client, IDENTITY.apiV3Key());
            CallbackFixtures.Signed callback = signed(envelope(Notification.ContractSigned.EVENT_TYPE,
                    contractResource("CONTRACT_STATE_EFFECTIVE")));
            StepVerifier.create(fromClient.parse(callback.lookup(), callback.body()))
                    .assertNext(n -> assertThat(n.id()).isEqualTo(EVENT_ID)).expectComplete().verify(TIMEOUT);
            assertThat(fromClient.toString()).contains(IDENTITY.publicKeyId());
        }
    }
}
