package wechatpay.reactor.cli;

import java.util.List;
import reactor.core.publisher.Flux;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.DeductOrder;
import wechatpay.reactor.creditrepayment.DeductOutcome;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.creditrepayment.ScheduleOutcome;
import wechatpay.reactor.creditrepayment.StreamOptions;

/** What a {@link Batch} of one kind of create does: its stream, and how its outcomes read as result lines. */
interface BatchKind<T, O> {

    /** What the batch does, for its first line: {@code scheduling}, {@code starting deductions of}. */
    String verb();

    /** The word for a created value in progress lines: {@code scheduled}, {@code started}. */
    String done();

    /** The key's wire name, shown in every result line. */
    String keyField();

    Flux<O> stream(WechatPayClient client, Flux<T> items, StreamOptions options);

    long index(O outcome);

    /** Puts the key, {@code status}, {@code code}, {@code message}, ..., {@code attempts} and {@code request_id}. */
    void describe(O outcome, ObjectNode line);

    BatchKind<ScheduleItem, ScheduleOutcome> SCHEDULE = new BatchKind<>() {
        public String verb() {
            return "scheduling";
        }

        public String done() {
            return "scheduled";
        }

        public String keyField() {
            return "out_record_id";
        }

        public Flux<ScheduleOutcome> stream(WechatPayClient client, Flux<ScheduleItem> items, StreamOptions options) {
            return client.creditRepayment().scheduleRecords().schedule(items, options);
        }

        public long index(ScheduleOutcome o) {
            return o.index();
        }

        public void describe(ScheduleOutcome o, ObjectNode n) {
            n.put("out_record_id", o.item().outRecordId());
            n.put("contract_id", o.item().contractId());
            if (o instanceof ScheduleOutcome.Scheduled s) {
                status(n, done(), null, null).put("reconciled", s.reconciled());
            } else if (o instanceof ScheduleOutcome.Rejected r) {
                status(n, Batch.REJECTED, r.code(), r.message()).put("field", r.field());
            } else {
                ScheduleOutcome.Failed f = (ScheduleOutcome.Failed) o;
                status(n, Batch.FAILED, f.code(), f.message());
            }
            calls(n, o.attempts(), o.requestIds());
        }
    };

    BatchKind<DeductOrder, DeductOutcome> DEDUCT = new BatchKind<>() {
        public String verb() {
            return "starting deductions for";
        }

        public String done() {
            return "started";
        }

        public String keyField() {
            return "out_trade_no";
        }

        public Flux<DeductOutcome> stream(WechatPayClient client, Flux<DeductOrder> orders, StreamOptions options) {
            return client.creditRepayment().deductOrders().deduct(orders, options);
        }

        public long index(DeductOutcome o) {
            return o.index();
        }

        public void describe(DeductOutcome o, ObjectNode n) {
            n.put("out_trade_no", o.order().outTradeNo());
            n.put("out_record_id", o.order().outRecordId());
            if (o instanceof DeductOutcome.Started s) {
                status(n, done(), null, null).put("reconciled", s.reconciled());
                n.put("order_state", s.record().stateText());
                n.put("transaction_id", s.record().transactionId().orElse(null));
            } else if (o instanceof DeductOutcome.Rejected r) {
                status(n, Batch.REJECTED, r.code(), r.message()).put("field", r.field());
            } else {
                DeductOutcome.Failed f = (DeductOutcome.Failed) o;
                status(n, Batch.FAILED, f.code(), f.message());
            }
            calls(n, o.attempts(), o.requestIds());
        }
    };

    private static ObjectNode status(ObjectNode n, String status, String code, String message) {
        n.put("status", status);
        n.put("code", code);
        n.put("message", message);
        return n;
    }

    private static void calls(ObjectNode n, int attempts, List<String> requestIds) {
        n.put("attempts", attempts);
        n.put("request_id", requestIds.isEmpty() ? null : requestIds.get(requestIds.size() - 1));
    }
}
