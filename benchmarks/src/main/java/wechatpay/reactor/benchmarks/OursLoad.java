package wechatpay.reactor.benchmarks;

import reactor.core.publisher.Mono;
import wechatpay.reactor.RetryPolicy;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.WechatPayServiceException;
import wechatpay.reactor.WechatPayTransportException;
import wechatpay.reactor.creditrepayment.ScheduleRecords;
import wechatpay.reactor.internal.RsaProvider;

/**
 * Our client as a user would call it: {@code WechatPayClient} with {@code maxInFlight(C)} (the pool size) and
 * {@link RetryPolicy#none()} (a failure is counted, never hidden by a retry), and
 * {@code Flux.range(0, N).flatMap(i -> scheduleRecords().create(item(i)), C)}: the typed one-item call, C at
 * once, like-for-like with the official SDK's C threads each making one blocking call at a time. Each call
 * builds and validates the item, writes the JSON body, signs, sends, verifies the answer's signature and
 * decodes it into a {@code ScheduleRecord}.
 */
final class OursLoad implements ReactiveLoad {
    private final LoadItems items;
    private final int inFlight;
    private final WechatPayClient client;
    private final ScheduleRecords records;

    OursLoad(LoadItems items, int inFlight) {
        this.items = items;
        this.inFlight = inFlight;
        this.client = WechatPayClient.builder()
                .merchant(items.mchid(), items.merchantSerial(), items.merchantKey())
                .wechatPayPublicKey(items.publicKeyId(), items.publicKey())
                .baseUrl(items.baseUrl())
                .maxInFlight(inFlight)
                .retryPolicy(RetryPolicy.none())
                .build();
        this.records = client.creditRepayment().scheduleRecords();
    }

    @Override
    public int inFlight() {
        return inFlight;
    }

    @Override
    public Mono<Void> call(String prefix, int i, Tally tally) {
        return records.create(items.item(prefix, i))
                .doOnNext(r -> {
                    String expected = LoadItems.outRecordId(prefix, i);
                    if (r.outRecordId().equals(expected)) {
                        tally.success();
                    } else {
                        tally.fail("WrongRecord", "expected " + expected + ", found " + r.outRecordId());
                    }
                })
                .switchIfEmpty(Mono.fromRunnable(() -> tally.fail("Empty", "no record for item " + i)))
                .then()
                .onErrorResume(e -> {
                    tally.fail(kind(e), String.valueOf(e.getMessage()));
                    return Mono.empty();
                });
    }

    /** The failure's class, with the service code or transport kind when there is one. */
    private static String kind(Throwable e) {
        if (e instanceof WechatPayServiceException s) {
            return "WechatPayServiceException/" + s.status() + "/" + s.code();
        }
        if (e instanceof WechatPayTransportException t) {
            return "WechatPayTransportException/" + t.kind();
        }
        return e.getClass().getSimpleName();
    }

    @Override
    public String describe() {
        return "ours: " + client + " (RSA provider " + (RsaProvider.preferred() == null ? "JDK" : RsaProvider.preferred().getName()) + "), RetryPolicy.none(), "
                + "Flux.range(0, N).flatMap(create, " + inFlight + ") or one subscribe() per arrival";
    }

    @Override
    public void close() {
        client.close();
    }
}
