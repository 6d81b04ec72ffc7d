package wechatpay.reactor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.cli.CliTest.cli;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import wechatpay.reactor.integration.Sandboxed;
import wechatpay.reactor.redis.RedisServer;

/** {@code enqueue} and {@code worker} at the edges: bad lines, bad options, no server, no password shown. */
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RedisCommandsTest {

    @Test
    void enqueueAddsTheUsableLinesAndNamesTheOthers(@TempDir Path dir) throws Exception {
        String date = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(3).toString();
        String good = "{\"contract_id\":\"C1\",\"appid\":\"wx1\",\"openid\":\"o1\",\"out_record_id\":\"E1\","
                + "\"sub_mchid\":\"1900000109\",\"repayment_amount\":\"100\",\"repayment_date\":\"" + date + "\"}";
        Path input = dir.resolve("items.jsonl");
        Files.writeString(input, good + "\n" + good.replace("\"100\"", "\"1.5\"").replace("E1", "E2") + "\n"
                + good.replace("E1", "E3") + "\n", StandardCharsets.UTF_8);
        try (RedisServer redis = RedisServer.start(); StatefulRedisConnection<String, String> c = redis.connect()) {
            CliTest.Run run = cli("enqueue", "--redis", redis.url(), "--stream", "s", "--input", input.toString());

            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).contains("line 2: repayment_amount: expected a whole number of fen")
                    .contains("enqueued 2 entries to s; 1 lines left out");
            List<StreamMessage<String, String>> entries = c.sync().xrange("s", Range.create("-", "+"));
            assertThat(entries).extracting(m -> m.getBody().get("out_record_id")).containsExactly("E1", "E3");
            assertThat(entries.get(0).getBody()).containsEntry("repayment_amount", "100")
                    .containsEntry("repayment_date", date).doesNotContainKey("description");
            assertThat(InputFields.item(entries.get(0).getBody()).outRecordId()).isEqualTo("E1");
        }
    }

    @Test
    void aServerThatCannotBeReachedIsAUsageErrorThatShowsNoPassword(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("items.jsonl");
        Files.writeString(input, "\n", StandardCharsets.UTF_8);
        String closed = Sandboxed.closedPort().replace("http://", "redis://:s3cretpw@");
        CliTest.Run enqueue = cli("enqueue", "--redis", closed, "--stream", "s", "--input", input.toString());
        CliTest.Run worker = cli("worker", "--redis", closed, "--stream", "s", "--group", "g", "--sandbox");
        for (CliTest.Run run : List.of(enqueue, worker)) {
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).contains("--redis 127.0.0.1:").contains("cannot connect").doesNotContain("s3cretpw");
        }
        CliTest.Run garbled = cli("worker", "--redis", "redis://:s3cretpw@", "--stream", "s", "--group", "g");
        assertThat(garbled.exit()).isEqualTo(1);
        assertThat(garbled.err()).contains("--redis: expected").doesNotContain("s3cretpw");
    }

    @Test
    void aBudgetThatIsNeitherSharedNorLocalIsRefusedBeforeAnythingRuns() throws Exception {
        CliTest.Run run = cli("worker", "--redis", "redis://127.0.0.1:1", "--stream", "s", "--group", "g",
                "--budget", "global");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("--budget: expected shared or local, found 'global'");
    }
}
