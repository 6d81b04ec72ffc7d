package wechatpay.reactor.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.creditrepayment.ScheduleItem;
import wechatpay.reactor.creditrepayment.ScheduleRecord;

/**
 * JSON work of one schedule call, with the client's JSON library and mapper settings ({@code JsonMapper.builder()
 * .build()}, Jackson 3): {@code encode} turns a {@code ScheduleItem} into the batch-create body bytes (the tree the
 * library's package-private {@code ScheduleWire.request} builds, re-built here field for field and checked
 * byte for byte against {@link Fixtures#REQUEST_BODY} in setup, then {@code writeValueAsBytes} as {@code Chain}
 * writes a body); {@code decodeTree} parses the 358-byte answer with {@code readTree} as {@code Chain} does;
 * {@code decodeRecord} adds the mapping of that tree to a {@code ScheduleRecord} (re-implemented here without
 * {@code ScheduleWire}'s error messages: only the happy path); {@code validate} is {@code ScheduleItem.validate},
 * the checks {@code create()} makes before anything is sent. Compare with {@code SignBenchmark.sign}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class JsonBenchmark {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonMapper json;
    private ScheduleItem item;
    private LocalDate today;
    private byte[] answer;

    @Setup(Level.Trial)
    public void setUp() {
        json = JsonMapper.builder().build();
        item = ScheduleItem.builder().contractId("CR2026012700001234").appid("wxd678efh567hg6787")
                .openid("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o").outRecordId("RR202601270000000000000000000001")
                .subMchid("1900000109").subAppid("wx8888888888888888").repaymentAmount(150_000)
                .minRepaymentAmount(7_500).repaymentDate(LocalDate.of(2026, 2, 10)).description("信用卡还款")
                .attach("b20260127-0001").build();
        today = LocalDate.of(2026, 2, 7);
        answer = Fixtures.RESPONSE_BODY.clone();
        byte[] encoded = encode();
        if (!Arrays.equals(encoded, Fixtures.REQUEST_BODY)) {
            throw new IllegalStateException("setup: encode() wrote " + new String(encoded, StandardCharsets.UTF_8)
                    + ", not the fixture's request body");
        }
        ScheduleRecord record = decodeRecord();
        if (!record.outRecordId().equals(item.outRecordId()) || record.repaymentAmount() != 150_000) {
            throw new IllegalStateException("setup: decodeRecord() read " + record);
        }
        validate();
    }

    @Benchmark
    public byte[] encode() {
        ObjectNode body = NODES.objectNode();
        body.put("contract_id", item.contractId());
        body.put("appid", item.appid());
        body.put("openid", item.openid());
        ObjectNode node = body.putArray("schedule_items").addObject();
        node.put("out_record_id", item.outRecordId());
        node.put("sub_mchid", item.subMchid());
        item.subAppid().ifPresent(v -> node.put("sub_appid", v));
        node.put("repayment_amount", Long.toString(item.repaymentAmount()));
        item.minRepaymentAmount().ifPresent(v -> node.put("min_repayment_amount", Long.toString(v)));
        node.put("repayment_date", item.repaymentDate().toString());
        item.description().ifPresent(v -> node.put("description", v));
        item.attach().ifPresent(v -> node.put("attach", v));
        return json.writeValueAsBytes(body);
    }

    @Benchmark
    public JsonNode decodeTree() {
        return json.readTree(answer);
    }

    @Benchmark
    public ScheduleRecord decodeRecord() {
        JsonNode r = json.readTree(answer).get("schedule_records").get(0);
        return new ScheduleRecord(r.get("out_record_id").stringValue(), r.get("appid").stringValue(),
                optional(r, "sub_appid"), r.get("contract_id").stringValue(),
                Long.parseLong(r.get("repayment_amount").stringValue()),
                OptionalLong.of(Long.parseLong(r.get("min_repayment_amount").stringValue())),
                LocalDate.parse(r.get("repayment_date").stringValue()), r.get("openid").stringValue(),
                optional(r, "description"), optional(r, "attach"));
    }

    @Benchmark
    public ScheduleItem validate() {
        item.validate(today);
        return item;
    }

    private static Optional<String> optional(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.stringValue());
    }
}
