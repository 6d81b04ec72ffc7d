package wechatpay.reactor.creditrepayment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.internal.WireReader;

/** Contracts and deduct orders read from WeChat Pay's JSON, and deduct orders and presigns written to it. */
class LifecycleWireTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode json(String text) {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static final String TERMINATED = "{'contract_id':'C1','plan_id':'P1','out_contract_code':'OC1',"
            + "'display_name':'***G','contract_state':'CONTRACT_STATE_TERMINATED',"
            + "'contract_signed_time':'2026-11-01T10:00:00+08:00','contract_terminated_time':'2026-12-01T09:30:00+08:00',"
            + "'%s':'TERMINATION_MODE_BY_USER','contract_termination_remark':'moved','repayment_day':5,"
            + "'openid':'o1','appid':'wx1','repayment_amount_limit':%s,'added_in_2027':{'x':1}}";

    @ParameterizedTest(name = "mode field {0}, limit {1}")
    @CsvSource(delimiter = ';', value = {"contract_terminated_mode; 500000", "contract_termination_mode; '500000'"})
    void aContractReadsEitherNameOfTheModeAndTheLimitAsNumberOrString(String modeField, String limit) {
        Contract c = Contract.fromJson(json(String.format(TERMINATED, modeField, limit)));
        assertThat(c.contractId()).contains("C1");
        assertThat(c.state()).isEqualTo(ContractState.TERMINATED);
        assertThat(c.stateText()).isEqualTo("CONTRACT_STATE_TERMINATED");
        assertThat(c.terminationMode()).contains(TerminationMode.BY_USER);
        assertThat(c.terminationModeText()).contains("TERMINATION_MODE_BY_USER");
        assertThat(c.signedTime()).contains(OffsetDateTime.parse("2026-11-01T10:00:00+08:00"));
        assertThat(c.terminatedTime()).contains(OffsetDateTime.parse("2026-12-01T09:30:00+08:00"));
        assertThat(c.terminationRemark()).contains("moved");
        assertThat(c.repaymentDay()).isEqualTo(OptionalInt.of(5));
        assertThat(c.repaymentAmountLimit()).isEqualTo(500_000);
    }

    @Test
    void anUnsignedContractHasNoIdAndAnUnknownStateIsKeptAsText() {
        Contract c = Contract.fromJson(json("{'plan_id':'P1','out_contract_code':'OC1','display_name':'***G',"
                + "'contract_state':'CONTRACT_STATE_FROZEN','repayment_amount_limit':'1'}"));
        assertThat(c.contractId()).isEmpty();
        assertThat(c.state()).isEqualTo(ContractState.UNKNOWN);
        assertThat(c.stateText()).isEqualTo("CONTRACT_STATE_FROZEN");
        assertThat(c.terminationMode()).isEmpty();
        assertThat(c.openid()).isEmpty();
    }

    @Test
    void aContractMissingARequiredFieldOrWithABadTimeNamesIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> Contract.fromJson(json("{'plan_id':'P1',"
                + "'out_contract_code':'OC1','display_name':'x','repayment_amount_limit':1}")))
                .withMessage("contract_state: required, missing from the contract");
        assertThatIllegalArgumentException().isThrownBy(() -> Contract.fromJson(json("{'plan_id':'P1',"
                + "'out_contract_code':'OC1','display_name':'x','contract_state':'CONTRACT_STATE_EFFECTIVE',"
                + "'repayment_amount_limit':1,'contract_signed_time':'yesterday'}")))
                .withMessageStartingWith("contract_signed_time: expected an RFC 3339 time");
        assertThatIllegalArgumentException().isThrownBy(() -> Contract.fromJson(json("[1]")))
                .withMessageStartingWith("contract: expected a JSON object");
    }

    @Test
    void aDeductOrderReadsItsStateAndOptionalPaymentFields() {
        DeductOrderRecord paid = DeductOrderRecord.fromJson(json("{'out_trade_no':'T1','out_record_id':'R1',"
                + "'appid':'wx1','openid':'o1','contract_id':'C1','order_state':'DEDUCT_ORDER_STATE_PAY_SUCCESS',"
                + "'deduct_amount':'10000','pay_success_amount':10000,'description':'d','transaction_id':'4200'}"));
        assertThat(paid.state()).isEqualTo(DeductOrderState.PAY_SUCCESS);
        assertThat(paid.paySuccessAmount()).isEqualTo(OptionalLong.of(10_000));
        assertThat(paid.transactionId()).contains("4200");
        assertThat(paid.subAppid()).isEmpty();
        assertThat(paid.attach()).isEmpty();

        DeductOrderRecord odd = DeductOrderRecord.fromJson(json("{'out_trade_no':'T1','out_record_id':'R1',"
                + "'appid':'wx1','openid':'o1','contract_id':'C1','order_state':'DEDUCT_ORDER_STATE_REFUNDED',"
                + "'deduct_amount':'1','description':'d'}"));
        assertThat(odd.state()).isEqualTo(DeductOrderState.UNKNOWN);
        assertThat(odd.stateText()).isEqualTo("DEDUCT_ORDER_STATE_REFUNDED");
        assertThat(odd.paySuccessAmount()).isEmpty();
    }

    @Test
    void anOrderAnswerThatLeavesOutFieldsTakesThemFromTheOrderAsked() {
        DeductOrder asked = order().attach("a1").build();
        DeductOrderRecord r = DeductOrderRecord.read(WireReader.of(json("{'out_trade_no':'T1','out_record_id':'R1',"
                + "'appid':'wx1','openid':'o1','order_state':'DEDUCT_ORDER_STATE_PENDING'}"), "deduct order"), asked);
        assertThat(r.contractId()).isEqualTo(asked.contractId());
        assertThat(r.deductAmount()).isEqualTo(asked.deductAmount());
        assertThat(r.description()).isEqualTo(asked.description());
        assertThat(r.attach()).contains("a1");
        assertThatIllegalArgumentException().isThrownBy(() -> DeductOrderRecord.fromJson(json("{'out_trade_no':'T1',"
                + "'out_record_id':'R1','appid':'wx1','openid':'o1','order_state':'DEDUCT_ORDER_STATE_PENDING'}")))
                .withMessage("contract_id: required, missing from the deduct order");
    }

    static DeductOrder.Builder order() {
        return DeductOrder.builder().contractId("C1").outTradeNo("T1").outRecordId("R1").deductAmount(10_000)
                .notifyUrl("https://merchant.example/notify").description("December");
    }

    @Test
    void aDeductOrderIsWrittenWithoutNullsAndTheAmountAsAString() {
        assertThat(order().build().toJson().toString()).isEqualTo("{\"contract_id\":\"C1\",\"out_trade_no\":\"T1\","
                + "\"out_record_id\":\"R1\",\"deduct_amount\":\"10000\",\"notify_url\":\"https://merchant.example/notify\","
                + "\"description\":\"December\"}");
        assertThat(order().attach("x").build().toJson().get("attach").stringValue()).isEqualTo("x");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = ';', value = {
        "contract_id; ; required",
        "out_trade_no; T 1; only [0-9A-Za-z_-|*] allowed, found ' ' (U+0020) at position 1",
        "out_trade_no; 123456789012345678901234567890123; must be at most 32 characters, found 33",
        "out_record_id; R-1; only [0-9A-Za-z] allowed, found '-' at position 1",
        "deduct_amount; 0; must be greater than 0 fen, found 0",
        "notify_url; http://merchant.example/notify; must be an absolute https URL (http only for a loopback host)",
        "notify_url; https://merchant.example/notify?x=1; must not carry a query string or a fragment",
        "description; ; required",
        "attach; ''; must not be empty (omit it instead of sending an empty string)"})
    void aBadOrderNamesTheFieldAndTheRule(String field, String value, String rule) {
        DeductOrder.Builder b = order();
        switch (field) {
            case "contract_id" -> b.contractId(value);
            case "out_trade_no" -> b.outTradeNo(value);
            case "out_record_id" -> b.outRecordId(value);
            case "deduct_amount" -> b.deductAmount(Long.parseLong(value));
            case "notify_url" -> b.notifyUrl(value);
            case "description" -> b.description(value);
            default -> b.attach(value == null ? "" : value);
        }
        assertThatThrownBy(() -> b.build().validate()).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(rule);
        });
    }

    @Test
    void aLoopbackNotifyUrlMayBePlainHttpForASandbox() {
        order().notifyUrl("http://127.0.0.1:8080/notify").build().validate();
        order().notifyUrl("http://localhost/notify").build().validate();
    }

    static Presign.Builder presign() {
        return Presign.builder().appid("wx1").planId("P1").outContractCode("OC1").displayName("***G")
                .contractNotifyUrl("https://merchant.example/contracts").repaymentAmountLimit(500_000);
    }

    @Test
    void aPresignCarriesTheIdentityOnlyAsCiphertextAndNeverPrintsIt() {
        Presign p = presign().repaymentDay(5).subMchid("1900000109")
                .realIdentity(RealIdentity.idCard("110101199003070000", "张三"))
                .tradeInfo(new Presign.TradeInfo("T1", 100, Optional.empty(), Optional.empty(), Optional.empty()))
                .build();
        p.validate(false);
        JsonNode body = p.toJson(text -> "sealed(" + text.length() + ")");
        assertThat(body.toString()).doesNotContain("110101199003070000").doesNotContain("张三");
        assertThat(body.get("real_identity").get("identity_type").stringValue()).isEqualTo("REAL_IDENTITY_TYPE_ID_CARD");
        assertThat(body.get("real_identity").get("identity_id").stringValue()).isEqualTo("sealed(18)");
        assertThat(body.get("repayment_amount_limit").stringValue()).isEqualTo("500000");
        assertThat(body.get("repayment_day").intValue()).isEqualTo(5);
        assertThat(body.get("trade_info").get("deduct_amount").isIntegralNumber()).isTrue();
        assertThat(body.has("jump_info")).isFalse();
        assertThat(p.toString()).doesNotContain("110101199003070000").doesNotContain("张三").contains("redacted");
    }

    @Test
    void aPresignBreakingARuleNamesTheFieldWithoutShowingTheIdentity() {
        String longId = "9".repeat(215);
        assertThatThrownBy(() -> presign().realIdentity(RealIdentity.idCard(longId, "张三")).build().validate(false))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("real_identity.identity_id");
                    assertThat(e.getMessage()).contains("at most 214 UTF-8 bytes").doesNotContain(longId);
                });
        assertThatThrownBy(() -> presign().build().validate(true)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo("jump_info.jump_appid"));
        assertThatThrownBy(() -> presign().jumpAppid("wx2").build().validate(false))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("jump_info.jump_appid"));
        assertThatThrownBy(() -> presign().outContractCode("OC-1").build().validate(false))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("out_contract_code"));
        assertThatThrownBy(() -> presign().contractNotifyUrl("https://m.example/c?x=1").build().validate(false))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("contract_notify_url"));
        assertThatThrownBy(() -> presign().repaymentDay(32).build().validate(false))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("repayment_day"));
    }
}
