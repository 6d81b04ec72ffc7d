package wechatpay.reactor.sandbox;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.sandbox.DeductOrder.State;

/**
 * The {@link Ledger}'s deduct orders: create, query and settle, each order repaying one schedule record. Not
 * thread-safe: the ledger calls it under its own lock, and the {@link Ledger.Step}s it returns fire their
 * DEDUCTION_PAY callback after that lock is released.
 *
 * <p>Decisions where WeChat Pay's behaviour is unknown:
 * <ul>
 * <li>A schedule record can be repaid by one deduct order at a time; the repayment date is not enforced. An order
 *     that ends PAY_FAIL frees its record, so a new {@code out_trade_no} may try again.</li>
 * <li>DEDUCTION_PAY is sent when an order settles either way: its plaintext's {@code order_state} says which.</li>
 * </ul>
 */
final class OrderBook {
    private final Repeats repeats;
    private final Deductions deductions;
    private final ContractBook contracts;
    private final Function<String, ScheduleRecord> records;
    private final Ledger.Events events;
    private final Map<String, DeductOrder> orders = new HashMap<>();          // out_trade_no -> order
    private final Map<String, String> repaidBy = new HashMap<>();             // out_record_id -> out_trade_no
    private long transactions;

    OrderBook(Repeats repeats, Deductions deductions, ContractBook contracts, Function<String, ScheduleRecord> records,
            Ledger.Events events) {
        this.repeats = repeats;
        this.deductions = deductions;
        this.contracts = contracts;
        this.records = records;
        this.events = events;
    }

    /** {@code POST deduct-orders}: paid at once or pending, as {@link Deductions} says. */
    Ledger.Step create(JsonNode body) {
        ParamRules root = ParamRules.body(body);
        String contractId = root.text("contract_id", 64);
        DeductOrder.Request asked = new DeductOrder.Request(
                root.code("out_trade_no", 32, ParamRules.TRADE_NO, "digits, ASCII letters, _ and -"), contractId,
                root.code("out_record_id", 32, ParamRules.ALNUM, "digits and ASCII letters"),
                root.fen("deduct_amount"), root.url("notify_url", 256),
                root.text("description", 127), root.optionalText("attach", 128));

        DeductOrder existing = orders.get(asked.outTradeNo());
        if (existing != null) {
            return Ledger.repeat(repeats, "out_trade_no", asked.outTradeNo(), existing.request().equals(asked),
                    existing.toJson());
        }
        contracts.effective(contractId);
        ScheduleRecord record = records.apply(asked.outRecordId());
        if (record == null || !record.contractId().equals(contractId)) {
            throw ParamRules.invalidRequest("no schedule record " + asked.outRecordId() + " for contract " + contractId
                    + "; schedule the repayment first");
        }
        String taken = repaidBy.get(asked.outRecordId());
        if (taken != null) {
            throw ParamRules.invalidRequest("schedule record " + asked.outRecordId() + " was already repaid by "
                    + "out_trade_no " + taken + " (" + orders.get(taken).state().wire() + ")");
        }
        if (asked.amount() > record.amount()) {
            throw root.reject("deduct_amount", "deduct_amount must not exceed the record's repayment_amount "
                    + record.amount());
        }
        if (record.minAmount() != null && asked.amount() < record.minAmount()) {
            throw root.reject("deduct_amount", "deduct_amount must be at least the record's min_repayment_amount "
                    + record.minAmount());
        }
        repaidBy.put(asked.outRecordId(), asked.outTradeNo());
        DeductOrder pending = new DeductOrder(asked, record, State.PENDING, null);
        return switch (deductions) {
            case PAY_AT_ONCE -> settle(pending, State.PAY_SUCCESS);
            case ON_REQUEST -> {
                orders.put(asked.outTradeNo(), pending);
                yield new Ledger.Step(Answer.ok(pending.toJson()), Ledger.NOTHING);
            }
        };
    }

    /** {@code GET deduct-orders/<out_trade_no>}. */
    ObjectNode query(String outTradeNo) {
        return order(outTradeNo).toJson();
    }

    /**
     * Sandbox control: the pending order becomes PAY_SUCCESS or PAY_FAIL and DEDUCTION_PAY is sent; 404 for an
     * unknown order, 409 for one already settled.
     */
    Ledger.Step settle(String outTradeNo, State result) {
        DeductOrder order = order(outTradeNo);
        if (order.state() != State.PENDING) {
            throw ParamRules.conflict("deduct order " + outTradeNo + " is already settled: " + order.state().wire()
                    + "; only a DEDUCT_ORDER_STATE_PENDING order can be settled");
        }
        return settle(order, result);
    }

    private Ledger.Step settle(DeductOrder pending, State result) {
        DeductOrder settled = switch (result) {
            case PAY_SUCCESS -> pending.settled(result, String.format("4200%024d", ++transactions));
            case PAY_FAIL -> pending.settled(result, null);
            case PENDING -> throw new IllegalArgumentException("an order settles as PAY_SUCCESS or PAY_FAIL");
        };
        DeductOrder.Request asked = settled.request();
        orders.put(asked.outTradeNo(), settled);
        if (result == State.PAY_FAIL) {
            repaidBy.remove(asked.outRecordId());
        }
        ObjectNode callback = settled.callbackJson();
        return new Ledger.Step(Answer.ok(settled.toJson()), () -> events.deductionPaid(asked.notifyUrl(), callback));
    }

    boolean holds(String outTradeNo) {
        return orders.containsKey(outTradeNo);
    }

    int size() {
        return orders.size();
    }

    private DeductOrder order(String outTradeNo) {
        DeductOrder order = orders.get(outTradeNo);
        if (order == null) {
            throw ParamRules.notFound("ORDER_NOT_EXIST", "no deduct order with out_trade_no " + outTradeNo);
        }
        return order;
    }
}
