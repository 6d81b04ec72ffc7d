package wechatpay.reactor.readme;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import wechatpay.reactor.PrivateKeys;
import wechatpay.reactor.PublicKeys;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.creditrepayment.StreamOptions;
import wechatpay.reactor.creditrepayment.ScheduleOutcome;
import wechatpay.reactor.creditrepayment.ScheduleRecord;

/** The README's quick start, compiled by the test suite; {@link ReadmeTest} keeps the two in sync. */
final class ReadmeExample {
    private ReadmeExample() {
    }

    static void quickStart(Flux<ScheduleItem> items) {
        // README:begin
        WechatPayClient client = WechatPayClient.builder()
                .merchant("1900000001", "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
                        PrivateKeys.fromPem(Path.of("apiclient_key.pem")))
                .wechatPayPublicKey("PUB_KEY_ID_0114232134912410000000000000",
                        PublicKeys.fromPem(Path.of("pub_key.pem")))
                .maxInFlight(64).requestsPerSecond(200)     // the client's limits, for all its calls and streams together
                .build();                                   // immutable and thread-safe: create one, share it

        ScheduleItem item = ScheduleItem.builder()
                .contractId("20251105000000123456789").appid("wxd678efh567hg6787")
                .openid("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")
                .outRecordId("R20261201001").subMchid("1900000109")
                .repaymentAmount(10_000).minRepaymentAmount(2_000)     // fen: ¥100.00, at least ¥20.00
                .repaymentDate(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(3))
                .build();

        // One schedule: lazy, nothing is validated, signed or sent before subscription; an ambiguous failure is
        // settled by querying the record before anything is sent again.
        Mono<ScheduleRecord> one = client.creditRepayment().scheduleRecords().create(item);
        one.subscribe(r -> System.out.println("scheduled " + r.outRecordId() + " on " + r.repaymentDate()));

        // A stream: exactly one outcome per item, within the client's limits (a stream may lower them for itself).
        Flux<ScheduleOutcome> outcomes = client.creditRepayment().scheduleRecords()
                .schedule(items, StreamOptions.defaults().withMaxInFlight(32));
        outcomes.subscribe(o -> {
            if (o instanceof ScheduleOutcome.Scheduled s) {
                System.out.println("scheduled " + s.item().outRecordId());
            } else if (o instanceof ScheduleOutcome.Rejected r) {
                System.out.println("rejected " + r.item().outRecordId() + ": " + r.code() + " " + r.message());
            } else if (o instanceof ScheduleOutcome.Failed f) {
                System.out.println("failed " + f.item().outRecordId() + ": " + f.message());
            }
        });
        // README:end
    }
}
