package wechatpay.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import wechatpay.reactor.creditrepayment.ContractState;
import wechatpay.reactor.creditrepayment.Contracts;
import wechatpay.reactor.creditrepayment.Presign;
import wechatpay.reactor.creditrepayment.TerminationMode;
import wechatpay.reactor.internal.TransportError;

/**
 * Contract calls against answers our sandbox does not give (a scripted stand-in): a terminate answered 204 or
 * with the contract at the top level, and what a presign is sent again after.
 */
class ContractAnswersTest extends PipelineFixtures {
    private static final String CONTRACT = "{\"contract_id\":\"C1\",\"plan_id\":\"P1\",\"out_contract_code\":\"OC1\","
            + "\"display_name\":\"***G\",\"contract_state\":\"CONTRACT_STATE_TERMINATED\","
            + "\"contract_termination_mode\":\"TERMINATION_MODE_BY_MERCHANT\",\"repayment_amount_limit\":\"500000\"}";

    private Contracts contracts() {
        return client(FAST).creditRepayment().contracts();
    }

    private static Presign presign() {
        return Presign.builder().appid("wx1").planId("P1").outContractCode("OC1").displayName("***G")
                .contractNotifyUrl("https://merchant.example/contracts").repaymentAmountLimit(500_000).build();
    }

    @Test
    void aTerminateAnswered204IsFollowedByTheQuery() {
        script.answer(signed(204, "")).answer(signed(200, CONTRACT));
        StepVerifier.create(contracts().terminate("OC1", "repaid"))
                .assertNext(c -> {
                    assertThat(c.state()).isEqualTo(ContractState.TERMINATED);
                    assertThat(c.terminationMode()).contains(TerminationMode.BY_MERCHANT);
                })
                .expectComplete().verify(TIMEOUT);
        assertThat(script.requests).extracting(r -> r.method() + " " + r.pathAndQuery()).containsExactly(
                "POST /v3/credit-repayment/partner/contracts/terminate",
                "GET /v3/credit-repayment/partner/contracts/OC1");
    }

    @Test
    void aTerminateAnswerWithTheContractAtTheTopLevelIsReadAsIs() {
        script.answer(signed(200, CONTRACT));
        StepVerifier.create(contracts().terminate("OC1", "repaid"))
                .assertNext(c -> assertThat(c.contractId()).isEqualTo(Optional.of("C1")))
                .expectComplete().verify(TIMEOUT);
        assertThat(script.requests).hasSize(1);
    }

    @Test
    void aPresignIsSentAgainAfterA429OrNoConnectionButNotAfterAReset() {
        script.answer(error(429, "FREQUENCY_LIMITED", "slow down"))
                .fail(TransportError.Kind.CONNECT)
                .answer(signed(200, "{\"presign_token\":\"TOKEN1\"}"));
        StepVerifier.create(contracts().appPresign(presign()))
                .assertNext(p -> assertThat(p.presignToken()).isEqualTo("TOKEN1"))
                .expectComplete().verify(TIMEOUT);
        assertThat(script.requests).hasSize(3);

        script.fail(TransportError.Kind.RESET);
        StepVerifier.create(contracts().appPresign(presign()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(WechatPayTransportException.class,
                        t -> assertThat(t.mayHaveActed()).isTrue()))
                .verify(TIMEOUT);
        assertThat(script.requests).as("the reset one was not sent again").hasSize(4);
    }
}
