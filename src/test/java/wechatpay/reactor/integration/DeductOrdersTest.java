package wechatpay.reactor.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.integration.Sandboxed.IDENTITY;
import static wechatpay.reactor.integration.Sandboxed.client;
import static wechatpay.reactor.integration.Sandboxed.item;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.WechatPayServiceException;
import wechatpay.reactor.creditrepayment.DeductOrder;
import wechatpay.reactor.creditrepayment.DeductOrderRecord;
import wechatpay.reactor.creditrepayment.DeductOrderState;
import wechatpay.reactor.creditrepayment.DeductOrders;
import wechatpay.reactor.creditrepayment.DeductOutcome;
import wechatpay.reactor.creditrepayment.OutcomeCodes;
import wechatpay.reactor.creditrepayment.StreamOptions;
import wechatpay.reactor.sandbox.Contract;
import wechatpay.reactor.sandbox.Fault;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/** Deduct orders against the real sandbox: create, query, reconcile, refuse, and a stream with one outcome each. */
class DeductOrdersTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String NOTIFY = "https://merchant.example/credit-repayment/deductions";

    /** Schedules {@code outRecordId} on the contract, so that a deduction may repay it. */
    static void scheduled(WechatPayClient client, Contract contract, String outRecordId) {
        client.creditRepayment().scheduleRecords().create(item(contract, outRecordId)).block(TIMEOUT);
    }

    /** Repays the whole record scheduled by {@link #scheduled} (10,000 fen). */
    static DeductOrder order(Contract contract, String outTradeNo, String outRecordId) {
        return DeductOrder.builder().contractId(contract.contractId()).outTradeNo(outTradeNo).outRecordId(outRecordId)
                .deductAmount(10_000).notifyUrl(NOTIFY).description("信贷还款").build();
    }

    @Test
    void aDeductionOfAScheduledRecordIsStartedAndCanBeQueried() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
                WechatPayClient client = client(sandbox).build()) {
            Contract contract = sandbox.contracts().get(0);
            scheduled(client, contract, "R1");
            DeductOrders orders = client.creditRepayment().deductOrders();

            DeductOrderRecord started = orders.create(order(contract, "T1", "R1")).block(TIMEOUT);
            assertThat(started.outTradeNo()).isEqualTo("T1");
            assertThat(started.outRecordId()).isEqualTo("R1");
            assertThat(started.contractId()).isEqualTo(contract.contractId());
            assertThat(started.openid()).isEqualTo(contract.openid());
            assertThat(started.deductAmount()).isEqualTo(10_000);
            assertThat(started.state()).isNotEqualTo(DeductOrderState.UNKNOWN);

            assertThat(orders.get("T1").block(TIMEOUT)).isEqualTo(started);
            assertThat(sandbox.totalDeductOrders()).isEqualTo(1);
        }
    }

    @Test
    void anInvalidOrderFailsNamingTheFieldAndNothingIsSent() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
                WechatPayClient client = client(sandbox).build()) {
            DeductOrder bad = DeductOrder.builder().contractId("C1").outTradeNo("T 1").outRecordId("R1")
                    .deductAmount(1).notifyUrl(NOTIFY).description("d").build();
            StepVerifier.create(client.creditRepayment().deductOrders().create(bad))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(ValidationException.class,
                            v -> assertThat(v.field()).isEqualTo("out_trade_no")))
                    .verify(TIMEOUT);
            assertThat(sandbox.stats().requests()).isZero();
        }
    }

    @Test
    void aResetAfterTheOrderWasCreatedIsSettledByTheQueryAndNothingIsSentTwice() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
                WechatPayClient client = client(sandbox).build()) {
            Contract contract = sandbox.contracts().get(0);
            scheduled(client, contract, "R2");
            long before = sandbox.stats().requests();
            sandbox.enqueue(Fault.RESET_AFTER, Fault.SERVER_ERROR);

            DeductOrderRecord started = client.creditRepayment().deductOrders().create(order(contract, "T2", "R2"))
                    .block(TIMEOUT);
            assertThat(started.outTradeNo()).isEqualTo("T2");
            assertThat(sandbox.holdsDeductOrder("T2")).isTrue();
            assertThat(sandbox.stats().recentRequests()).filteredOn(r -> r.sequence() > before)
                    .extracting(r -> r.method() + " " + r.uri().replaceAll("\\?.*", ""))
                    .as("one create, a query that met a 500, a query that found it")
                    .containsExactly("POST /v3/credit-repayment/partner/deduct-orders",
                            "GET /v3/credit-repayment/partner/deduct-orders/T2",
                            "GET /v3/credit-repayment/partner/deduct-orders/T2");
        }
    }

    @Test
    void theSameTradeNumberWithOtherContentIsAConflictNotASecondOrder() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
                WechatPayClient client = client(sandbox).build()) {
            Contract contract = sandbox.contracts().get(0);
            scheduled(client, contract, "R3");
            DeductOrders orders = client.creditRepayment().deductOrders();
            orders.create(order(contract, "T3", "R3")).block(TIMEOUT);

            DeductOrder other = DeductOrder.builder().contractId(contract.contractId()).outTradeNo("T3")
                    .outRecordId("R3").deductAmount(9_000).notifyUrl(NOTIFY).description("信贷还款").build();
            StepVerifier.create(orders.create(other))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayServiceException.class,
                            s -> assertThat(s.code()).isEqualTo(OutcomeCodes.CONFLICT)))
                    .verify(TIMEOUT);
            assertThat(orders.create(order(contract, "T3", "R3")).block(TIMEOUT).deductAmount())
                    .as("the same order again is the order it already is").isEqualTo(10_000);
            assertThat(sandbox.totalDeductOrders()).isEqualTo(1);
        }
    }

    @Test
    void aStreamGivesOneOutcomePerOrderWhateverBecomesOfEach() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start();
                WechatPayClient client = client(sandbox).build()) {
            Contract contract = sandbox.contracts().get(0);
            for (int i = 0; i < 5; i++) {
                scheduled(client, contract, "S" + i);
            }
            Flux<DeductOrder> orders = Flux.just(order(contract, "D0", "S0"), order(contract, "D1", "S1"),
                    order(contract, "D 2", "S2"),                // invalid: refused before sending
                    order(contract, "D3", "NOSUCHRECORD"),       // WeChat Pay refuses: nothing scheduled
                    order(contract, "D4", "S4"));
            List<DeductOutcome> outcomes = client.creditRepayment().deductOrders()
                    .deduct(orders, StreamOptions.defaults().withOrdered(true)).collectList().block(TIMEOUT);

            assertThat(outcomes).extracting(DeductOutcome::index).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(outcomes.get(0)).isInstanceOf(DeductOutcome.Started.class);
            assertThat(outcomes.get(1)).isInstanceOf(DeductOutcome.Started.class);
            assertThat(outcomes.get(2)).isInstanceOfSatisfying(DeductOutcome.Rejected.class, r -> {
                assertThat(r.code()).isEqualTo(OutcomeCodes.VALIDATION_ERROR);
                assertThat(r.field()).isEqualTo("out_trade_no");
                assertThat(r.attempts()).isZero();
            });
            assertThat(outcomes.get(3)).isInstanceOfSatisfying(DeductOutcome.Rejected.class, r -> {
                assertThat(r.status()).isEqualTo(400);
                assertThat(r.attempts()).as("the create, then the query that found nothing").isEqualTo(2);
            });
            assertThat(outcomes.get(4)).isInstanceOf(DeductOutcome.Started.class);
            assertThat(sandbox.totalDeductOrders()).isEqualTo(3);
        }
    }
}
