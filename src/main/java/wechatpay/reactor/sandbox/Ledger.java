package wechatpay.reactor.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import wechatpay.reactor.sandbox.Contract.PlanType;
import wechatpay.reactor.sandbox.ParamRules.Rejected;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sandbox's in-memory credit-repayment business: contracts (kept by its {@link ContractBook}), schedule records
 * and deduct orders, read from and answered as JSON trees (never the client's typed models). No HTTP and no crypto:
 * the server hands in the method, the path after {@code /v3/credit-repayment/partner/} (percent-decoded), the query
 * and the parsed body, and turns the {@link Answer} and the {@link Events} into signed answers and encrypted
 * callbacks. Thread-safe: every request runs under the ledger's lock, contract requests included; events fire after
 * the state change, outside the lock.
 *
 * <p>Order of checks for a create: the body's syntax (400 {@code PARAM_ERROR}, {@code detail.field} a JSON
 * Pointer), then the duplicate check, then the business checks against the contract. Decisions where WeChat Pay's
 * behaviour is unknown (the contract-only ones are listed on {@link ContractBook}):
 * <ul>
 * <li>A repeated {@code out_record_id} (unique across the sandbox: it serves one partner merchant) with the same
 *     content, sub_mchid included, creates nothing and answers as {@link Repeats} says: 200 with the stored record
 *     (even when the contract has since been terminated), or 400 {@code INVALID_REQUEST} "already used"; with
 *     different content it answers 400 {@code INVALID_REQUEST}. {@code out_trade_no} of deduct orders behaves the
 *     same, and a repeat sends no second callback.</li>
 * <li>Deduct orders (their own decisions are listed on {@link OrderBook}) settle as {@link Deductions} says.</li>
 * <li>A contract presigned without {@code sub_mchid} accepts any {@code sub_mchid}; {@code sub_appid} is never
 *     checked against the contract.</li>
 * <li>Routing: {@code GET <family>/<id>} is always a query, so an id may equal an action name; any other method on a
 *     known path answers 400 {@code INVALID_REQUEST} naming the allowed method; an unknown path answers 404
 *     {@code RESOURCE_NOT_EXISTS}.</li>
 * <li>Every string field present must be non-empty, as JSON {@code null} must be omitted rather than sent.</li>
 * </ul>
 */
final class Ledger {

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String ONE_ITEM = "当前只支持传入1个预约还款项";
    static final Runnable NOTHING = () -> { };

    private final Clock clock;
    private final Repeats repeats;
    private final ContractBook book;
    private final OrderBook orders;
    private final Map<String, ScheduleRecord> records = new HashMap<>();      // out_record_id -> record
    private final Map<String, Integer> createdCount = new HashMap<>();
    private final Map<String, Integer> acceptedCount = new HashMap<>();

    /** A ledger that pays deduct orders at once and spells contracts as {@link ContractFields#CURRENT}. */
    Ledger(Clock clock, List<Contract> seeded, Events events, Repeats repeats) {
        this(clock, seeded, events, repeats, Deductions.PAY_AT_ONCE, ContractFields.CURRENT);
    }

    Ledger(Clock clock, List<Contract> seeded, Events events, Repeats repeats, Deductions deductions,
            ContractFields fields) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.repeats = Objects.requireNonNull(repeats, "repeats");
        Objects.requireNonNull(events, "events");
        this.book = new ContractBook(clock, seeded, events, Objects.requireNonNull(fields, "fields"));
        this.orders = new OrderBook(repeats, Objects.requireNonNull(deductions, "deductions"), book, records::get, events);
    }

    /** {@code n} effective contracts, alternately consumer-loan and cash-loan, the same for the same {@code n}. */
    static List<Contract> seedContracts(int n) {
        return ContractBook.seed(n);
    }

    Answer handle(String method, String path, Map<String, String> query, JsonNode body) {
        return run(() -> route(method, path, query == null ? Map.of() : query, body));
    }

    /** Sandbox control: the pending deduct order settles as {@code result}; its DEDUCTION_PAY callback is sent. */
    Answer settle(String outTradeNo, DeductOrder.State result) {
        return run(() -> orders.settle(outTradeNo, result));
    }

    /** Sandbox control: the user ends the effective contract; its TERMINATE_CONTRACT callback is sent. */
    Answer terminateByUser(String outContractCode) {
        return run(() -> book.terminateByUser(outContractCode));
    }

    /** Sandbox control: {@link #signContract} as a answer, the contract as its query shows it, or 404 / 409. */
    Answer signByUser(String outContractCode) {
        return run(() -> book.sign(outContractCode).step());
    }

    /** One change under the lock, its refusal as a answer, and its callback once the lock is released. */
    private Answer run(Supplier<Step> change) {
        Step step;
        synchronized (this) {
            try {
                step = change.get();
            } catch (Rejected rejected) {
                step = new Step(rejected.answer(), NOTHING);
            }
        }
        step.after().run();
        return step.answer();
    }

    synchronized List<Contract> contracts() {
        return book.contracts();
    }

    synchronized int created(String outRecordId) {
        return createdCount.getOrDefault(outRecordId, 0);
    }

    /** Batch-creates answered 200 by the ledger: the first, and identical repeats under ANSWER_STORED. */
    synchronized int accepted(String outRecordId) {
        return acceptedCount.getOrDefault(outRecordId, 0);
    }

    synchronized long totalRecords() {
        return records.size();
    }

    synchronized boolean holdsDeductOrder(String outTradeNo) {
        return orders.holds(outTradeNo);
    }

    synchronized long totalDeductOrders() {
        return orders.size();
    }

    /**
     * Sandbox control, standing in for the user: the presigned contract becomes effective with a new contract_id and
     * openid, and its contract_notify_url gets a SIGN_CONTRACT callback.
     */
    Contract signContract(String outContractCode) {
        ContractBook.Signed signed;
        synchronized (this) {
            try {
                signed = book.sign(outContractCode);
            } catch (Rejected rejected) {
                throw rejected.answer().status() == 404 ? new IllegalArgumentException(rejected.getMessage())
                        : new IllegalStateException(rejected.getMessage());
            }
        }
        signed.step().after().run();
        return signed.contract();
    }

    private Step route(String method, String path, Map<String, String> query, JsonNode body) {
        Step action = switch (path) {
            case "schedule-records/batch-create" -> post(method, path, () -> createSchedule(body));
            case "deduct-orders" -> post(method, path, () -> orders.create(body));
            case "contracts/terminate" -> post(method, path, () -> book.terminate(body));
            case "contracts/app-presign" -> post(method, path, () -> new Step(book.presign(body, false), NOTHING));
            case "contracts/h5-presign" -> post(method, path, () -> new Step(book.presign(body, true), NOTHING));
            default -> null;
        };
        if (action != null) {
            return action;
        }
        int slash = path.indexOf('/');
        String family = slash < 0 ? path : path.substring(0, slash);
        String id = slash < 0 ? "" : path.substring(slash + 1);
        if (id.isEmpty() || id.indexOf('/') >= 0
                || !List.of("schedule-records", "deduct-orders", "contracts").contains(family)) {
            throw ParamRules.notFound("RESOURCE_NOT_EXISTS", "no such API: " + path);
        }
        if (!"GET".equals(method)) {
            throw wrongMethod(method, path, "GET");
        }
        return switch (family) {
            case "schedule-records" -> getSchedule(id, ParamRules.query(query, "contract_id", 64));
            case "deduct-orders" -> new Step(Answer.ok(orders.query(id)), NOTHING);
            default -> new Step(Answer.ok(book.query(id)), NOTHING);
        };
    }

    private static Step post(String method, String path, Supplier<Step> action) {
        if (!"POST".equals(method)) {
            throw wrongMethod(method, path, "POST");
        }
        return action.get();
    }

    private static Rejected wrongMethod(String method, String path, String allowed) {
        return ParamRules.invalidRequest("method " + method + " is not allowed on " + path + "; use " + allowed);
    }

    private Step createSchedule(JsonNode body) {
        ParamRules root = ParamRules.body(body);
        String contractId = root.text("contract_id", 64);
        String appid = root.text("appid", 32);
        String openid = root.text("openid", 128);
        ParamRules item = root.onlyItem("schedule_items", ONE_ITEM);
        String outRecordId = item.code("out_record_id", 32, ParamRules.ALNUM, "digits and ASCII letters");
        String subMchid = item.text("sub_mchid", 32);
        String subAppid = item.optionalText("sub_appid", 32);
        long amount = item.fen("repayment_amount");
        Long min = item.optionalFen("min_repayment_amount");
        if (min != null && min > amount) {
            throw item.reject("min_repayment_amount", "min_repayment_amount must not exceed repayment_amount " + amount);
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), BEIJING);
        LocalDate date = item.date("repayment_date", today.plusDays(1), today.plusDays(14));
        ScheduleRecord asked = new ScheduleRecord(outRecordId, contractId, appid, openid, subMchid, subAppid, amount,
                min, date, item.optionalText("description", 127), item.optionalText("attach", 128));

        ScheduleRecord existing = records.get(outRecordId);
        if (existing != null) {
            Step stored = repeat(repeats, "out_record_id", outRecordId, existing.equals(asked), scheduleList(existing));
            acceptedCount.merge(outRecordId, 1, Integer::sum);
            return stored;
        }
        fitsContract(book.effective(contractId), asked, root, item);
        records.put(outRecordId, asked);
        createdCount.merge(outRecordId, 1, Integer::sum);
        acceptedCount.merge(outRecordId, 1, Integer::sum);
        return new Step(Answer.ok(scheduleList(asked)), NOTHING);
    }

    /** The business checks of a new schedule record against its (effective) contract. */
    private static void fitsContract(Contract contract, ScheduleRecord asked, ParamRules root, ParamRules item) {
        if (!contract.appid().equals(asked.appid())) {
            throw root.reject("appid", "appid does not match the contract's appid");
        }
        if (!contract.openid().equals(asked.openid())) {
            throw root.reject("openid", "openid does not match the contract's openid");
        }
        if (contract.subMchid() != null && !contract.subMchid().equals(asked.subMchid())) {
            throw item.reject("sub_mchid", "sub_mchid does not match the contract's sub_mchid");
        }
        long amount = asked.amount();
        Long min = asked.minAmount();
        boolean cash = contract.planType() == PlanType.CASH_LOAN;
        long floor = cash ? (amount + 9) / 10 : (amount + 19) / 20;        // ceil(10%) or ceil(5%), no overflow
        if (min == null && !cash) {
            throw item.reject("min_repayment_amount", "min_repayment_amount is required for a consumer-loan contract");
        }
        if (min != null && min < floor) {
            throw item.reject("min_repayment_amount", "min_repayment_amount must be at least " + floor + " ("
                    + (cash ? "10% for a cash-loan" : "5% for a consumer-loan") + " contract, rounded up)");
        }
        if (amount > contract.repaymentAmountLimit()) {
            throw item.reject("repayment_amount", "repayment_amount exceeds the contract's repayment_amount_limit "
                    + contract.repaymentAmountLimit());
        }
    }

    private Step getSchedule(String outRecordId, String contractId) {
        ScheduleRecord record = records.get(outRecordId);
        if (record == null || !record.contractId().equals(contractId)) {
            throw ParamRules.notFound("RESOURCE_NOT_EXISTS",
                    "no schedule record " + outRecordId + " for contract " + contractId);
        }
        return new Step(Answer.ok(record.toJson()), NOTHING);
    }

    /** A key seen before: refused with other content, else the stored answer or a refusal, as {@link Repeats} says. */
    static Step repeat(Repeats repeats, String keyName, String key, boolean sameContent, ObjectNode stored) {
        if (!sameContent) {
            throw ParamRules.invalidRequest(keyName + " " + key + " was already used with different content; use a new "
                    + keyName);
        }
        if (repeats == Repeats.REFUSE) {
            throw ParamRules.invalidRequest(keyName + " " + key + " has already been used; query it instead of "
                    + "sending it again");
        }
        return new Step(Answer.ok(stored), NOTHING);
    }

    private static ObjectNode scheduleList(ScheduleRecord record) {
        ObjectNode json = JSON.objectNode();
        json.putArray("schedule_records").add(record.toJson());
        return json;
    }

    /** WeChat Pay's time format, in Beijing time: {@code 2025-11-05T10:34:56+08:00}; null stays null. */
    static String rfc3339(Instant instant) {
        return instant == null ? null : RFC3339.format(instant.atZone(BEIJING));
    }

    static void putIfPresent(ObjectNode json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    /**
     * What the ledger sends to notify URLs; the server signs, encrypts and delivers them. Called after the state
     * change, outside the ledger's lock, on the thread that made the request: hand delivery off, never block.
     */
    interface Events {
        /**
         * {@code CREDIT_REPAYMENT.DEDUCTION_PAY}, for an order that settled either way: {@code order} is the
         * callback's resource, its {@code order_state} PAY_SUCCESS or PAY_FAIL.
         */
        void deductionPaid(String notifyUrl, ObjectNode order);

        /**
         * {@code CREDIT_REPAYMENT.SIGN_CONTRACT}: {@code contract} is the contract's fields as callbacks spell them
         * ({@code contract_terminated_mode}, {@code repayment_amount_limit} a string), whatever {@link ContractFields}.
         */
        void contractSigned(String notifyUrl, ObjectNode contract);

        /** {@code CREDIT_REPAYMENT.TERMINATE_CONTRACT}. */
        void contractTerminated(String notifyUrl, ObjectNode contract);
    }

    /** A request's answer, and what to fire once the ledger's lock is released. */
    record Step(Answer answer, Runnable after) { }
}
