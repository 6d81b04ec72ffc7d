package wechatpay.reactor.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.PrivateKeys;
import wechatpay.reactor.PublicKeys;
import wechatpay.reactor.creditrepayment.LoanType;
import wechatpay.reactor.creditrepayment.ScheduleItem;

/**
 * The running sandbox as its state file describes it, and the schedule items every {@link LoadHarness} client
 * sends: item {@code i} has out_record_id {@code prefix + i}, the contracts in turn, ¥100.00 with ¥20.00
 * minimum, due three days after today in Beijing. Immutable.
 */
final class LoadItems {
    static final String PATH = "/v3/credit-repayment/partner/schedule-records/batch-create";
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final long AMOUNT = 10_000;
    private static final long MIN_AMOUNT = 2_000;

    private final Properties state;
    private final List<Contract> contracts;
    private final LocalDate repaymentDate = LocalDate.now(BEIJING).plusDays(3);
    private final String date = repaymentDate.format(DateTimeFormatter.ISO_LOCAL_DATE);
    private final JsonMapper json = JsonMapper.builder().build();

    private LoadItems(Properties state) {
        this.state = state;
        this.contracts = Contract.all(state);
    }

    static LoadItems load(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("--state: cannot read " + file + ": " + e.getMessage());
        }
        return new LoadItems(p);
    }

    String baseUrl() {
        return required(state, "base_url");
    }

    String mchid() {
        return required(state, "mchid");
    }

    String merchantSerial() {
        return required(state, "merchant_serial");
    }

    Path merchantKeyFile() {
        return Path.of(required(state, "merchant_private_key_file"));
    }

    Path publicKeyFile() {
        return Path.of(required(state, "wechatpay_public_key_file"));
    }

    PrivateKey merchantKey() {
        return PrivateKeys.fromPem(Path.of(required(state, "merchant_private_key_file")));
    }

    String publicKeyId() {
        return required(state, "wechatpay_public_key_id");
    }

    PublicKey publicKey() {
        return PublicKeys.fromPem(Path.of(required(state, "wechatpay_public_key_file")));
    }

    String apiV3Key() {
        return required(state, "apiv3_key");
    }

    LocalDate repaymentDate() {
        return repaymentDate;
    }

    int contracts() {
        return contracts.size();
    }

    static String outRecordId(String prefix, int i) {
        return prefix + i;
    }

    /** Item {@code i} as our client takes it. */
    ScheduleItem item(String prefix, int i) {
        Contract c = contracts.get(i % contracts.size());
        return ScheduleItem.builder().contractId(c.contractId()).appid(c.appid()).openid(c.openid())
                .subMchid(c.subMchid()).loanType(c.loanType()).outRecordId(outRecordId(prefix, i))
                .repaymentAmount(AMOUNT).minRepaymentAmount(MIN_AMOUNT).repaymentDate(repaymentDate)
                .build();
    }

    /**
     * Item {@code i} as the batch-create body our client sends for it: the same tree, field for field and in
     * the same order, as the library's package-private {@code ScheduleWire.request}, written by a default
     * {@code JsonMapper} as the client's {@code Chain} writes it.
     */
    ObjectNode body(String prefix, int i) {
        Contract c = contracts.get(i % contracts.size());
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("contract_id", c.contractId());
        body.put("appid", c.appid());
        body.put("openid", c.openid());
        ObjectNode item = body.putArray("schedule_items").addObject();
        item.put("out_record_id", outRecordId(prefix, i));
        item.put("sub_mchid", c.subMchid());
        item.put("repayment_amount", Long.toString(AMOUNT));
        item.put("min_repayment_amount", Long.toString(MIN_AMOUNT));
        item.put("repayment_date", date);
        return body;
    }

    byte[] bodyBytes(String prefix, int i) {
        return json.writeValueAsBytes(body(prefix, i));
    }

    String bodyText(String prefix, int i) {
        return json.writeValueAsString(body(prefix, i));
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("state file: '" + key + "' is missing");
        }
        return v.trim();
    }

    /** A seeded sandbox contract, as the state file lists it. */
    private record Contract(String contractId, String appid, String openid, String subMchid, LoanType loanType) {
        static List<Contract> all(Properties p) {
            int n = Integer.parseInt(required(p, "contracts"));
            if (n < 1) {
                throw new IllegalArgumentException("state file: no contracts (start the sandbox with --contracts 1 or more)");
            }
            List<Contract> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String k = "contracts." + i + ".";
                list.add(new Contract(required(p, k + "contract_id"), required(p, k + "appid"),
                        required(p, k + "openid"), required(p, k + "sub_mchid"),
                        LoanType.valueOf(required(p, k + "plan_type"))));
            }
            return List.copyOf(list);
        }
    }
}
