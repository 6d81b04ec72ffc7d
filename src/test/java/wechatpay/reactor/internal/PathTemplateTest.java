package wechatpay.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import wechatpay.reactor.ValidationException;

/** Path variables and the query exactly as they go on the wire (and into the signed message). */
class PathTemplateTest {
    private static final String RECORD = "v3/credit-repayment/partner/schedule-records/{out_record_id}";

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "AZaz09-._~        | AZaz09-._~",
        "R20261201001      | R20261201001",
        "AbCdEf            | AbCdEf",
        "\"a b\"           | a%20b",
        "a+b               | a%2Bb",
        "a/b               | a%2Fb",
        "a?b               | a%3Fb",
        "a&b=c             | a%26b%3Dc",
        "a#b               | a%23b",
        "100%              | 100%25",
        "%41               | %2541",
        "a*b:c@d           | a%2Ab%3Ac%40d",
        "é                 | %C3%A9",
        "中                | %E4%B8%AD",
        "A b/中            | A%20b%2F%E4%B8%AD",
        "😀                | %F0%9F%98%80",
    })
    void percentEncodesEverythingButUnreservedWithUpperCaseHexAndKeepsCase(String text, String wire) {
        assertThat(PathTemplate.encode(text)).isEqualTo(wire);
        assertThat(PathTemplate.expand(RECORD, Map.of("out_record_id", text)))
                .isEqualTo("/v3/credit-repayment/partner/schedule-records/" + wire);
    }

    @Test
    void theLeadingSlashIsOptional() {
        Map<String, String> params = Map.of("out_record_id", "A1");
        assertThat(PathTemplate.expand(RECORD, params)).isEqualTo("/v3/credit-repayment/partner/schedule-records/A1");
        assertThat(PathTemplate.expand("/" + RECORD, params)).isEqualTo("/v3/credit-repayment/partner/schedule-records/A1");
    }

    @Test
    void parametersNoVariableConsumedBecomeTheQueryInMapOrderEncodedLikeThePath() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("z", "last letter");
        params.put("out_record_id", "A b/中");
        params.put("contract_id", "C1");
        params.put("a+b", 42L);
        params.put("empty", "");
        assertThat(PathTemplate.expand(RECORD, params)).isEqualTo("/v3/credit-repayment/partner/schedule-records/"
                + "A%20b%2F%E4%B8%AD?z=last%20letter&contract_id=C1&a%2Bb=42&empty=");
    }

    @Test
    void aTemplateWithoutVariablesOrParametersIsThePathItself() {
        assertThat(PathTemplate.expand("v3/certificates", Map.of())).isEqualTo("/v3/certificates");
        assertThat(PathTemplate.expand("v3/certificates", null)).isEqualTo("/v3/certificates");
        assertThat(PathTemplate.expand("v3/certificates", Map.of("algorithm_type", "RSA")))
                .isEqualTo("/v3/certificates?algorithm_type=RSA");
    }

    @Test
    void severalVariablesAreFilledInTheirPlaces() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("b", "Second");
        params.put("a", "First");
        assertThat(PathTemplate.expand("v3/x/{a}/y/{b}/z", params)).isEqualTo("/v3/x/First/y/Second/z");
    }

    @Test
    void aMissingVariableIsRefusedNamingIt() {
        assertThatThrownBy(() -> PathTemplate.expand(RECORD, Map.of("contract_id", "C1")))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("out_record_id");
                    assertThat(e.getMessage()).startsWith("out_record_id: ").contains("{out_record_id}");
                });
    }

    @Test
    void aNullValueIsRefusedNamingIt() {
        Map<String, Object> params = new HashMap<>();
        params.put("out_record_id", "A1");
        params.put("contract_id", null);
        assertThatThrownBy(() -> PathTemplate.expand(RECORD, params))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("contract_id"));
        Map<String, Object> nullVariable = new HashMap<>();
        nullVariable.put("out_record_id", null);
        assertThatThrownBy(() -> PathTemplate.expand(RECORD, nullVariable))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("out_record_id"));
    }

    @Test
    void anEmptyPathSegmentIsRefused() {
        assertThatThrownBy(() -> PathTemplate.expand(RECORD, Map.of("out_record_id", "")))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("out_record_id");
                    assertThat(e.rule()).contains("empty");
                });
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "  ", "credit-repayment/partner/contracts", "/v2/pay", "v3", "https://api.mch.weixin.qq.com/v3/x",
        "v3/certificates?algorithm_type=RSA", "v3/x/{id}?a=b", "v3/x#fragment"})
    void aTemplateThatIsNotAnApiV3PathWithoutQueryIsRefused(String template) {
        assertThatThrownBy(() -> PathTemplate.expand(template, Map.of("id", "1")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("path"));
    }

    @Test
    void aNullTemplateOrAnUnclosedBraceIsRefused() {
        assertThatThrownBy(() -> PathTemplate.expand(null, Map.of()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("path"));
        assertThatThrownBy(() -> PathTemplate.expand("v3/x/{id", Map.of("id", "1")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("path"));
    }

    @Test
    void aLongRefusedTemplateIsNotEchoedWhole() {
        String template = "v2/" + "x".repeat(500);
        assertThatThrownBy(() -> PathTemplate.expand(template, Map.of()))
                .isInstanceOf(ValidationException.class)
                .hasMessageNotContaining(template);
    }

    @Test
    void theParameterMapIsNotModified() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("out_record_id", "A1");
        params.put("contract_id", "C1");
        PathTemplate.expand(RECORD, params);
        assertThat(params).containsExactly(Map.entry("out_record_id", "A1"), Map.entry("contract_id", "C1"));
    }

    @Test
    void aVariableMayStandTwiceAndAnEmptyOneIsRefused() {
        assertThat(PathTemplate.expand("v3/{a}/x/{a}", Map.of("a", "B c"))).isEqualTo("/v3/B%20c/x/B%20c");
        assertThatThrownBy(() -> PathTemplate.expand("v3/{}/x", Map.of()))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("path: an empty variable");
    }
}
