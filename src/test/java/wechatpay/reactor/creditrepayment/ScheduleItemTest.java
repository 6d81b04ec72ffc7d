package wechatpay.reactor.creditrepayment;

import wechatpay.reactor.internal.Excerpt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.LocalDate;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import wechatpay.reactor.ValidationException;

/** Every rule of the schedule-repayment table: a catalogue of bad items, and the edge cases that must pass. */
class ScheduleItemTest {
    /** The booking day (Beijing). */
    static final LocalDate TODAY = LocalDate.of(2026, 11, 27);
    static final long MAX = 999_999_999_999_999_999L;
    static final String EMOJI = "\uD83D\uDE00"; // U+1F600

    /** A valid item with every optional field set and no plan kind: the seed page's request values. */
    static ScheduleItem.Builder valid() {
        return ScheduleItem.builder()
                .contractId("20251105000000123456789")
                .appid("wxd678efh567hg6787")
                .openid("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")
                .outRecordId("1234567abcde")
                .subMchid("1900000109")
                .subAppid("wxcbda96de0b165489")
                .repaymentAmount(10_000)
                .minRepaymentAmount(2_000)
                .repaymentDate(TODAY.plusDays(7))
                .description("信贷还款")
                .attach("备注信息");
    }

    static Arguments bad(String name, UnaryOperator<ScheduleItem.Builder> change, String field, String rule) {
        return Arguments.of(name, change, field, rule);
    }

    static Stream<Arguments> badItems() {
        return Stream.of(
                // charset
                bad("out_record_id with '-'", b -> b.outRecordId("AB-C"), "out_record_id",
                        "only [0-9A-Za-z] allowed, found '-' at position 2"),
                bad("out_record_id with '_'", b -> b.outRecordId("A_1"), "out_record_id", "found '_' at position 1"),
                bad("out_record_id with a space", b -> b.outRecordId("A 1"), "out_record_id", "found ' ' (U+0020)"),
                bad("out_record_id with a CJK char", b -> b.outRecordId("单1"), "out_record_id",
                        "found '单' (U+5355) at position 0"),
                bad("out_record_id with full-width digit", b -> b.outRecordId("１"), "out_record_id", "(U+FF11)"),
                // length limits, one over
                bad("contract_id 65 chars", b -> b.contractId("c".repeat(65)), "contract_id",
                        "must be at most 64 characters, found 65"),
                bad("appid 33 chars", b -> b.appid("a".repeat(33)), "appid", "at most 32 characters, found 33"),
                bad("openid 129 chars", b -> b.openid("o".repeat(129)), "openid", "at most 128 characters, found 129"),
                bad("out_record_id 33 chars", b -> b.outRecordId("9".repeat(33)), "out_record_id",
                        "at most 32 characters, found 33"),
                bad("sub_mchid 33 chars", b -> b.subMchid("1".repeat(33)), "sub_mchid", "at most 32 characters"),
                bad("sub_appid 33 chars", b -> b.subAppid("w".repeat(33)), "sub_appid", "at most 32 characters"),
                bad("description 128 chars", b -> b.description("述".repeat(128)), "description",
                        "must be at most 127 characters, found 128"),
                bad("attach 129 chars", b -> b.attach("x".repeat(129)), "attach", "at most 128 characters, found 129"),
                // empty strings
                bad("contract_id empty", b -> b.contractId(""), "contract_id", "must not be empty"),
                bad("out_record_id empty", b -> b.outRecordId(""), "out_record_id", "must not be empty"),
                bad("sub_appid empty", b -> b.subAppid(""), "sub_appid",
                        "omit it instead of sending an empty string"),
                bad("description empty", b -> b.description(""), "description", "omit it instead"),
                bad("attach empty", b -> b.attach(""), "attach", "omit it instead"),
                // missing required
                bad("contract_id null", b -> b.contractId(null), "contract_id", "required"),
                bad("appid null", b -> b.appid(null), "appid", "required"),
                bad("openid null", b -> b.openid(null), "openid", "required"),
                bad("out_record_id null", b -> b.outRecordId(null), "out_record_id", "required"),
                bad("sub_mchid null", b -> b.subMchid(null), "sub_mchid", "required"),
                bad("repayment_date null", b -> b.repaymentDate(null), "repayment_date", "required"),
                bad("repayment_amount never set", b -> ScheduleItem.builder().contractId("C").appid("A").openid("O")
                        .outRecordId("R").subMchid("M"), "repayment_amount", "must be greater than 0 fen, found 0"),
                // amounts
                bad("repayment_amount 0", b -> b.repaymentAmount(0), "repayment_amount", "greater than 0"),
                bad("repayment_amount negative", b -> b.repaymentAmount(-1).minRepaymentAmount(OptionalLong.empty()),
                        "repayment_amount", "must be greater than 0 fen, found -1"),
                bad("repayment_amount 19 digits", b -> b.repaymentAmount(MAX + 1), "repayment_amount",
                        "must have at most 18 digits (999999999999999999 fen), found 1000000000000000000"),
                bad("repayment_amount Long.MAX_VALUE", b -> b.repaymentAmount(Long.MAX_VALUE), "repayment_amount",
                        "at most 18 digits"),
                bad("min 0", b -> b.minRepaymentAmount(0), "min_repayment_amount",
                        "must be greater than 0 fen, found 0"),
                bad("min negative", b -> b.minRepaymentAmount(-5), "min_repayment_amount", "greater than 0"),
                bad("min above amount", b -> b.minRepaymentAmount(10_001), "min_repayment_amount",
                        "must not exceed repayment_amount (10000 fen), found 10001"),
                bad("min below 5%", b -> b.minRepaymentAmount(499), "min_repayment_amount",
                        "must be at least 5% of repayment_amount (500 fen), found 499"),
                bad("min below 5% rounded up", b -> b.repaymentAmount(10_001).minRepaymentAmount(500),
                        "min_repayment_amount", "at least 5% of repayment_amount (501 fen), found 500"),
                bad("cash-loan min below 10%", b -> b.loanType(LoanType.CASH_LOAN).minRepaymentAmount(999),
                        "min_repayment_amount",
                        "must be at least 10% of repayment_amount for cash-loan plans (1000 fen), found 999"),
                bad("cash-loan min below 5% names 5% first", b -> b.loanType(LoanType.CASH_LOAN)
                        .minRepaymentAmount(1), "min_repayment_amount", "at least 5%"),
                bad("consumer-loan min missing", b -> b.loanType(LoanType.CONSUMER_LOAN)
                        .minRepaymentAmount(OptionalLong.empty()), "min_repayment_amount",
                        "required for consumer-loan plans"),
                bad("overflow-safe 5% just below", b -> b.repaymentAmount(MAX).minRepaymentAmount(49_999_999_999_999_999L),
                        "min_repayment_amount",
                        "at least 5% of repayment_amount (50000000000000000 fen), found 49999999999999999"),
                bad("overflow-safe 10% just below", b -> b.loanType(LoanType.CASH_LOAN).repaymentAmount(MAX)
                        .minRepaymentAmount(99_999_999_999_999_999L), "min_repayment_amount",
                        "(100000000000000000 fen), found 99999999999999999"),
                // dates
                bad("date = today", b -> b.repaymentDate(TODAY), "repayment_date",
                        "must be between 2026-11-28 and 2026-12-11 (booking day + 1 to + 14, Beijing time), found 2026-11-27"),
                bad("date = today + 15", b -> b.repaymentDate(TODAY.plusDays(15)), "repayment_date",
                        "found 2026-12-12"),
                bad("date in the past", b -> b.repaymentDate(TODAY.minusDays(1)), "repayment_date", "found 2026-11-26"),
                // characters
                bad("emoji in description", b -> b.description("还款" + EMOJI), "description",
                        "must not contain 4-byte UTF-8 characters (code points above U+FFFF, such as emoji), found U+1F600 at position 2"),
                bad("emoji in openid", b -> b.openid("o" + EMOJI), "openid", "4-byte UTF-8"),
                bad("4-byte CJK ext. B in attach", b -> b.attach("\uD840\uDC00"), "attach", "found U+20000"),
                bad("unpaired surrogate in description", b -> b.description("a\uD83D"), "description",
                        "unpaired surrogate U+D83D at position 1"),
                bad("newline in attach", b -> b.attach("line1\nline2"), "attach",
                        "must not contain control characters, found U+000A at position 5"),
                bad("tab in contract_id", b -> b.contractId("C\t1"), "contract_id", "control characters, found U+0009"),
                bad("NUL in out_record_id", b -> b.outRecordId("A\u0000"), "out_record_id", "control characters"),
                // order: the first broken field in wire order is named
                bad("first broken field wins", b -> b.appid(null).repaymentDate(null), "appid", "required"),
                bad("amount before min", b -> b.repaymentAmount(0).loanType(LoanType.CONSUMER_LOAN)
                        .minRepaymentAmount(OptionalLong.empty()), "repayment_amount", "greater than 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badItems")
    void refusesBadItem(String name, UnaryOperator<ScheduleItem.Builder> change, String field, String rule) {
        ScheduleItem item = change.apply(valid()).build(); // build() never refuses

        ValidationException e = catchThrowableOfType(ValidationException.class, () -> item.validate(TODAY));

        assertThat(e).as(name).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.rule()).contains(rule);
        assertThat(e.getMessage()).isEqualTo(field + ": " + e.rule());
        assertThat(e.getMessage().length()).as("no long value echoed").isLessThan(200);
    }

    static Stream<Arguments> goodItems() {
        return Stream.of(
                Arguments.of("date = today + 1", valid().repaymentDate(TODAY.plusDays(1))),
                Arguments.of("date = today + 14", valid().repaymentDate(TODAY.plusDays(14))),
                Arguments.of("32-char out_record_id", valid().outRecordId("0123456789ABCDEFGHIJKLMNOPQRSTUv")),
                Arguments.of("every limit exactly", valid().contractId("c".repeat(64)).appid("a".repeat(32))
                        .openid("o".repeat(128)).subMchid("1".repeat(32)).subAppid("w".repeat(32))
                        .description("述".repeat(127)).attach("x".repeat(128))),
                Arguments.of("minimal: no optionals, no plan kind", valid().subAppid(null)
                        .minRepaymentAmount(OptionalLong.empty()).description(null).attach(null)),
                Arguments.of("cash loan without min", valid().loanType(LoanType.CASH_LOAN)
                        .minRepaymentAmount(OptionalLong.empty())),
                Arguments.of("cash loan min exactly 10%", valid().loanType(LoanType.CASH_LOAN).minRepaymentAmount(1_000)),
                Arguments.of("consumer loan min exactly 5%", valid().loanType(LoanType.CONSUMER_LOAN)
                        .minRepaymentAmount(500)),
                Arguments.of("no plan kind, min exactly 5%", valid().minRepaymentAmount(500)),
                Arguments.of("5% rounded up accepted", valid().repaymentAmount(10_001).minRepaymentAmount(501)),
                Arguments.of("min = amount", valid().minRepaymentAmount(10_000)),
                Arguments.of("amount 1, min 1", valid().repaymentAmount(1).minRepaymentAmount(1)),
                Arguments.of("18-digit amount, min exactly 5%", valid().repaymentAmount(MAX)
                        .minRepaymentAmount(50_000_000_000_000_000L)),
                Arguments.of("18-digit amount, cash loan, min exactly 10%", valid().loanType(LoanType.CASH_LOAN)
                        .repaymentAmount(MAX).minRepaymentAmount(100_000_000_000_000_000L)),
                Arguments.of("BMP CJK and punctuation in free text", valid().description("信贷还款，第1期（共12期）")
                        .attach("{\"k\":\"备注\"}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodItems")
    void acceptsEdgeCase(String name, ScheduleItem.Builder builder) {
        ScheduleItem item = builder.build();
        assertThatCode(() -> item.validate(TODAY)).as(name).doesNotThrowAnyException();
    }

    @Test
    void buildChecksNothing() {
        ScheduleItem empty = ScheduleItem.builder().build();

        assertThat(empty.contractId()).isNull();
        assertThat(empty.subAppid()).isEmpty();
        assertThat(empty.repaymentAmount()).isZero();
        assertThat(empty.minRepaymentAmount()).isEmpty();
        assertThat(empty.loanType()).isEmpty();
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> empty.validate(TODAY));
        assertThat(e.getMessage()).isEqualTo("contract_id: required");
    }

    @Test
    void validateNeedsABookingDay() {
        assertThatNullPointerException().isThrownBy(() -> valid().build().validate(null)).withMessage("today");
    }

    @Test
    void valueEqualityAndToBuilder() {
        ScheduleItem a = valid().loanType(LoanType.CONSUMER_LOAN).build();
        ScheduleItem b = valid().loanType(LoanType.CONSUMER_LOAN).build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toBuilder().build()).isEqualTo(a);
        assertThat(a.toBuilder().minRepaymentAmount(OptionalLong.empty()).build()).isNotEqualTo(a);
        assertThat(a.toBuilder().loanType(LoanType.CASH_LOAN).build()).isNotEqualTo(a);
        assertThat(a.toBuilder().subAppid(null).build().subAppid()).isEmpty();
        assertThat(a.minRepaymentAmount()).hasValue(2_000);
        assertThat(a.description()).hasValue("信贷还款");
    }

    @Test
    void toStringShowsIdsAndAmounts() {
        String text = valid().loanType(LoanType.CASH_LOAN).attach("z".repeat(Excerpt.MAX + 10)).build().toString();

        assertThat(text).contains("contractId=20251105000000123456789", "appid=wxd678efh567hg6787",
                "openid=oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "outRecordId=1234567abcde", "subMchid=1900000109",
                "repaymentAmount=10000", "minRepaymentAmount=2000", "repaymentDate=2026-12-04", "loanType=CASH_LOAN",
                "attach=" + "z".repeat(Excerpt.MAX) + "…");
        assertThat(ScheduleItem.builder().outRecordId("R").build().toString())
                .doesNotContain("subAppid", "minRepaymentAmount", "description", "attach", "loanType");
    }

    @Test
    void validationExceptionShape() {
        ValidationException e = new ValidationException("out_record_id", "only [0-9A-Za-z] allowed");

        assertThat(e).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("out_record_id: only [0-9A-Za-z] allowed");
        assertThat(e.field()).isEqualTo("out_record_id");
        assertThat(e.rule()).isEqualTo("only [0-9A-Za-z] allowed");
    }
}
