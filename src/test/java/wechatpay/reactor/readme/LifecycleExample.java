package wechatpay.reactor.readme;

import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import wechatpay.reactor.ApiV3Key;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.Contracts;
import wechatpay.reactor.creditrepayment.DeductOrder;
import wechatpay.reactor.creditrepayment.DeductOrderRecord;
import wechatpay.reactor.creditrepayment.DeductOrderState;
import wechatpay.reactor.creditrepayment.Presign;
import wechatpay.reactor.creditrepayment.RealIdentity;
import wechatpay.reactor.notification.Notification;
import wechatpay.reactor.notification.NotificationParser;
import wechatpay.reactor.notification.NotificationReply;

/** The README's lifecycle quick start, compiled by the test suite; {@link ReadmeTest} keeps the two in sync. */
final class LifecycleExample {
    private LifecycleExample() {
    }

    interface Repayments {
        Mono<Void> contractSigned(String eventId, String outContractCode, String contractId);

        Mono<Void> deductionDone(String eventId, DeductOrderRecord order);
    }

    static void lifecycle(WechatPayClient client, String apiV3KeyText, String idNumber, String realName,
            Map<String, List<String>> headers, byte[] rawBody, Repayments repayments) {
        // README:begin
        // 1. Presign; the user signs in WeChat with the token (APP) or at the redirect URL (H5).
        Contracts contracts = client.creditRepayment().contracts();
        Mono<Contracts.AppPresigned> presigned = contracts.appPresign(Presign.builder()
                .appid("wxd678efh567hg6787").planId("CONSUMER_LOAN_PLAN").outContractCode("C20261201001")
                .displayName("***G").contractNotifyUrl("https://merchant.example/wechatpay/notify")
                .repaymentAmountLimit(500_000)
                .realIdentity(RealIdentity.idCard(idNumber, realName))   // sent RSA-OAEP encrypted, never printed
                .build());

        // 2. Callbacks: one parser, shared; it verifies the raw bytes before it decrypts anything.
        NotificationParser parser = NotificationParser.forClient(client, ApiV3Key.of(apiV3KeyText));
        Mono<NotificationReply> reply = parser.parse(headers, rawBody)
                .flatMap(event -> {                                      // duplicates arrive: keep by event.id()
                    if (event instanceof Notification.ContractSigned signed) {
                        return repayments.contractSigned(signed.id(), signed.contract().outContractCode(),
                                signed.contract().contractId().orElseThrow());
                    }
                    if (event instanceof Notification.DeductionPaid paid) {
                        return repayments.deductionDone(paid.id(), paid.order());
                    }
                    return Mono.empty();                                 // other events: accepted
                })
                .then(Mono.fromSupplier(NotificationReply::success))     // 200: received
                .onErrorResume(e -> Mono.just(NotificationReply.of(e))); // 4xx/5xx + {"code":"FAIL",...}: redelivered

        // 3. Schedule the repayment (the quick start above), then on the day 4. start the deduction:
        Mono<DeductOrderRecord> started = client.creditRepayment().deductOrders().create(DeductOrder.builder()
                .contractId("20251105000000123456789").outTradeNo("T20261204001").outRecordId("R20261201001")
                .deductAmount(10_000).notifyUrl("https://merchant.example/wechatpay/notify")
                .description("December repayment")
                .build());                                               // an answer lost on the way is found by query

        // 5. The result comes as DEDUCTION_PAY (step 2), or ask:
        Mono<DeductOrderState> state = client.creditRepayment().deductOrders().get("T20261204001")
                .map(DeductOrderRecord::state);
        // README:end
        Mono.when(presigned, reply, started, state).subscribe();
    }
}
