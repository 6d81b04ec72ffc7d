package wechatpay.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.creditrepayment.ScheduleOptions;
import wechatpay.reactor.creditrepayment.ScheduleOutcome;
import wechatpay.reactor.internal.RawRequest;
import wechatpay.reactor.internal.RawResponse;
import wechatpay.reactor.internal.Transport;

/** The client's limits hold for all its callers together: streams, a stream asking for more, single calls. */
class ClientLimitsTest extends PipelineFixtures {

    /** Answers every call after a short delay, counting how many are in the air at once. */
    static final class Slow implements Transport {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Mono<RawResponse> exchange(RawRequest request) {
            return Mono.defer(() -> {
                calls.incrementAndGet();
                peak.accumulateAndGet(now.incrementAndGet(), Math::max);
                String body = request.pathAndQuery().endsWith("batch-create")
                        ? new String(request.body(), java.nio.charset.StandardCharsets.UTF_8)
                                .replaceFirst(".*\"schedule_items\":\\[", "{\"schedule_records\":[")
                                .replaceFirst("\\{\"out_record_id\"", "{\"appid\":\"wx1\",\"openid\":\"o1\",\"out_record_id\"")
                        : "{}";
                return Mono.delay(Duration.ofMillis(2), loop).map(t -> signed(200, body))
                        .doOnTerminate(now::decrementAndGet);
            });
        }
    }

    private static Flux<ScheduleItem> items(String prefix, int n) {
        LocalDate date = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(2);
        return Flux.range(0, n).map(i -> ScheduleItem.builder().contractId("C1").appid("wx1").openid("o1")
                .outRecordId(prefix + i).subMchid("1900000109").repaymentAmount(10_000).minRepaymentAmount(1_000)
                .repaymentDate(date).build());
    }

    @Test
    void inFlightNeverExceedsTheClientsLimitAcrossStreamsAndSingleCalls() {
        Slow slow = new Slow();
        WechatPayClient client = client(b -> b.transport(slow).maxInFlight(5).retryPolicy(RetryPolicy.none()));
        var records = client.creditRepayment().scheduleRecords();
        List<Flux<?>> callers = List.of(
                records.schedule(items("A", 60), ScheduleOptions.defaults().withMaxInFlight(5)),
                records.schedule(items("B", 60), ScheduleOptions.defaults().withMaxInFlight(5)),
                records.schedule(items("C", 60), ScheduleOptions.defaults().withMaxInFlight(50)),
                Flux.range(0, 20).flatMap(i -> client.chain(RECORD).get(A1), 20));
        List<?> all = Flux.merge(callers).collectList().block(TIMEOUT);
        assertThat(all).hasSize(200);
        assertThat(all.stream().filter(o -> o instanceof ScheduleOutcome.Scheduled)).hasSize(180);
        assertThat(slow.peak.get()).as("calls in the air at once").isBetween(2, 5);
        assertThat(slow.calls.get()).isEqualTo(200);
    }
}
