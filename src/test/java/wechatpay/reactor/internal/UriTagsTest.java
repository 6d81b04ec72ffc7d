package wechatpay.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

/** The {@code uri} tag is the template of a call in the air on that path, and never the path itself. */
class UriTagsTest {
    private static final String TEMPLATE = "/v3/credit-repayment/partner/schedule-records/{out_record_id}";
    private static final RawRequest GET = new RawRequest("GET",
            "/v3/credit-repayment/partner/schedule-records/R1?contract_id=C1", Map.of(), null, TEMPLATE);

    private final UriTags tags = new UriTags();

    @Test
    void aRunningCallsPathIsTaggedWithItsTemplateInEveryFormReactorNettyMayPass() {
        Sinks.One<String> answer = Sinks.one();
        var call = tags.during(GET, answer.asMono()).subscribe();
        assertThat(tags.apply("/v3/credit-repayment/partner/schedule-records/R1")).isEqualTo(TEMPLATE);
        assertThat(tags.apply("/v3/credit-repayment/partner/schedule-records/R1?contract_id=C1")).isEqualTo(TEMPLATE);
        assertThat(tags.apply("http://127.0.0.1:8080/v3/credit-repayment/partner/schedule-records/R1?x=1#f"))
                .isEqualTo(TEMPLATE);
        assertThat(tags.apply("/v3/credit-repayment/partner/schedule-records/R2")).isEqualTo(UriTags.UNKNOWN);
        answer.tryEmitValue("done");
        assertThat(call.isDisposed()).isTrue();
        assertThat(tags.apply("/v3/credit-repayment/partner/schedule-records/R1")).isEqualTo(UriTags.UNKNOWN);
        assertThat(tags.size()).isZero();
    }

    @Test
    void twoCallsOnOnePathKeepTheTagUntilTheLastEndsAndCancellingReleasesIt() {
        Sinks.One<String> first = Sinks.one();
        var one = tags.during(GET, first.asMono()).subscribe();
        var two = tags.during(GET, Sinks.<String>one().asMono()).subscribe();
        first.tryEmitValue("done");
        assertThat(one.isDisposed()).isTrue();
        assertThat(tags.apply(GET.path())).isEqualTo(TEMPLATE);
        two.dispose();
        assertThat(tags.apply(GET.path())).isEqualTo(UriTags.UNKNOWN);
        assertThat(tags.size()).isZero();
    }

    @Test
    void nothingIsRegisteredBeforeSubscription() {
        tags.during(GET, Sinks.<String>one().asMono());
        assertThat(tags.size()).isZero();
        assertThat(tags.apply(GET.path())).isEqualTo(UriTags.UNKNOWN);
    }
}
