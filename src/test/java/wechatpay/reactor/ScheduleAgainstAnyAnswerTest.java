package wechatpay.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import wechatpay.reactor.SimulatedWechatPay.Answer;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.creditrepayment.StreamOptions;
import wechatpay.reactor.creditrepayment.ScheduleOutcome;
import wechatpay.reactor.creditrepayment.ScheduleRecord;
import wechatpay.reactor.internal.RawRequest;
import wechatpay.reactor.internal.RawAnswer;
import wechatpay.reactor.internal.Transport;

/**
 * The promise, as a property over seeded random tries against {@link SimulatedWechatPay}, a server whose every
 * answer is drawn from everything WeChat Pay may send: N items in → exactly N outcomes, each index once; an item
 * is {@code Scheduled} if and only if the server holds its record; a {@code Rejected} item has none; no create is
 * sent after a trustworthy answer showed the record exists. The same for the single {@code create(item)}.
 */
class ScheduleAgainstAnyAnswerTest extends PipelineFixtures {
    private static final int TRIES = 1_000;
    private static final RetryPolicy QUICK = RetryPolicy.defaults().withMaxAttempts(5)
            .withBackoff(Duration.ofNanos(1), Duration.ofMillis(1)).withThrottleBackoff(Duration.ofNanos(1));
    private static final Duration TRY_TIMEOUT = Duration.ofSeconds(30);
    /** The stand-in of the current try; one client (and its pool) serves every try. */
    private static final AtomicReference<Transport> SERVER = new AtomicReference<>();
    private static final RequestSigner NO_RSA = new RequestSigner() {
        @Override
        public String serial() {
            return TestKeys.MERCHANT_SERIAL;
        }

        @Override
        public Mono<String> sign(byte[] message) {
            return Mono.just("bm90LWNoZWNrZWQtYnktdGhlLXNpbXVsYXRvcg==");   // the simulator checks no signature
        }
    };
    private static WechatPayClient client;

    @BeforeAll
    static void start() {
        client = WechatPayClient.builder().merchant(MCHID, NO_RSA).wechatPayPublicKey(ID, TestKeys.WECHATPAY.getPublic())
                .baseUrl("http://127.0.0.1:1").retryPolicy(QUICK).maxInFlight(8)
                .transport(new Transport() {
                    @Override
                    public Mono<RawAnswer> exchange(RawRequest request) {
                        return SERVER.get().exchange(request);
                    }
                }).build();
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    /** A fixed pool of items, so that answers repeat across tries and their signatures can be reused. */
    private static final List<ScheduleItem> POOL = pool();

    private static List<ScheduleItem> pool() {
        LocalDate date = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(5);
        List<ScheduleItem> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ScheduleItem.Builder b = ScheduleItem.builder().contractId("C" + (i % 4)).appid("wxd678efh567hg6787")
                    .openid("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o").outRecordId("P" + i).subMchid("1900000109")
                    .repaymentAmount(10_000 + i).minRepaymentAmount(1_000).repaymentDate(date);
            if (i % 3 == 0) {
                b.subAppid("wx" + i).description("信贷还款").attach("a" + i);
            }
            items.add(b.build());
        }
        return items;
    }

    /** Two tries in three the server recovers after 3 faulty calls per record (fewer than QUICK's 5 attempts). */
    private static SimulatedWechatPay server(long seed, Random random) {
        Set<Answer> faults = EnumSet.allOf(Answer.class);
        faults.remove(Answer.VALID);
        double share = 0.2 + random.nextDouble() * 0.5;
        int faultyCalls = random.nextInt(3) == 0 ? Integer.MAX_VALUE : 3;
        SimulatedWechatPay server = new SimulatedWechatPay(seed, share, faultyCalls, faults, random.nextBoolean(), loop);
        SERVER.set(server);
        return server;
    }

    @Test
    void aStreamGivesOneOutcomePerItemAndScheduledMeansTheServerHoldsIt() {
        int outcomes = 0;
        for (long seed = 1; seed <= TRIES; seed++) {
            Random random = new Random(seed);
            SimulatedWechatPay server = server(seed, random);
            List<ScheduleItem> items = new ArrayList<>(POOL);
            java.util.Collections.shuffle(items, random);
            items = items.subList(0, 1 + random.nextInt(12));
            // Some tries stop after merchant-level answers (the default), most never stop, to reach every path.
            StreamOptions options = StreamOptions.defaults().withOrdered(random.nextBoolean())
                    .withStopAfterMerchantFailures(random.nextInt(4) == 0 ? 3 : 0);
            List<ScheduleOutcome> got = client.creditRepayment().scheduleRecords()
                    .schedule(Flux.fromIterable(items), options).collectList().block(TRY_TIMEOUT);
            String why = "seed " + seed;
            assertThat(got).as(why).hasSize(items.size());
            Set<Long> indexes = new HashSet<>();
            for (ScheduleOutcome o : got) {
                assertThat(indexes.add(o.index())).as(why + ": index %d twice", o.index()).isTrue();
                assertThat(o.item()).as(why).isEqualTo(items.get((int) o.index()));
                checkOne(why, server, o);
            }
            assertThat(server.createsAfterShown).as(why + ": creates after a trustworthy answer showed the record")
                    .isEmpty();
            outcomes += got.size();
        }
        assertThat(outcomes).isGreaterThan(TRIES);
    }

    private static void checkOne(String why, SimulatedWechatPay server, ScheduleOutcome o) {
        String id = o.item().outRecordId();
        String what = why + ": " + id + " held " + server.holds(id) + ", outcome " + o;
        if (o instanceof ScheduleOutcome.Scheduled s) {
            assertThat(server.holds(id)).as(what).isTrue();
            assertRecordOf(why, o.item(), s.record());
        } else if (o instanceof ScheduleOutcome.Rejected) {
            assertThat(server.holds(id)).as(what).isFalse();
        } else if (server.holds(id) && server.recovers()) {
            // Held but not reported Scheduled: only an answer no retry can mend may have stopped it.
            assertThat(settledBy(((ScheduleOutcome.Failed) o).cause())).as(what).isTrue();
        }
        assertThat(o.requestIds()).as(why).doesNotContainNull();
    }

    /** A merchant-level answer, a stop after them, or a 4xx to a query of a record that exists. */
    private static boolean settledBy(Throwable cause) {
        return cause instanceof WechatPayServiceException s && (s.isAboutMerchant() || s.status() >= 400 && s.status() < 500);
    }

    @Test
    void aSingleCreateSucceedsIfAndOnlyIfTheServerHoldsTheRecord() {
        int successes = 0;
        for (long seed = 1; seed <= TRIES; seed++) {
            Random random = new Random(-seed);
            SimulatedWechatPay server = server(seed, random);
            ScheduleItem item = POOL.get(random.nextInt(POOL.size()));
            AtomicReference<Throwable> failure = new AtomicReference<>();
            ScheduleRecord record = client.creditRepayment().scheduleRecords().create(item)
                    .onErrorResume(e -> {
                        failure.set(e);
                        return Mono.empty();
                    })
                    .block(TRY_TIMEOUT);
            String why = "seed " + seed + ", failure " + failure.get();
            boolean held = server.holds(item.outRecordId());
            if (record != null) {
                assertThat(held).as(why).isTrue();
                assertRecordOf(why, item, record);
                successes++;
            } else {
                assertThat(failure.get()).as(why).isInstanceOf(WechatPayException.class);
                if (held && server.recovers()) {
                    assertThat(settledBy(failure.get())).as(why).isTrue();
                }
            }
            assertThat(server.createsAfterShown).as(why).isEmpty();
        }
        assertThat(successes).isGreaterThan(TRIES / 2);
    }

    private static void assertRecordOf(String why, ScheduleItem item, ScheduleRecord r) {
        assertThat(r.outRecordId()).as(why).isEqualTo(item.outRecordId());
        assertThat(r.contractId()).as(why).isEqualTo(item.contractId());
        assertThat(r.repaymentAmount()).as(why).isEqualTo(item.repaymentAmount());
        assertThat(r.subAppid()).as(why).isEqualTo(item.subAppid());
        assertThat(r.description()).as(why).isEqualTo(item.description());
        assertThat(r.minRepaymentAmount()).as(why).isEqualTo(item.minRepaymentAmount());
    }
}
