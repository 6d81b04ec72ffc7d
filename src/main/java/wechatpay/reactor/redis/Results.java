package wechatpay.reactor.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;
import wechatpay.reactor.creditrepayment.ScheduleOutcome;

/**
 * An entry's result in the result stream, written and acknowledged in one script: the entry is acknowledged
 * first and the result added only if this consumer's acknowledgement took, so each entry has one result even when
 * two consumers worked on it (one claimed it from the other).
 */
final class Results {
    /** KEYS[1] the entry stream, KEYS[2] the result stream; ARGV group, entry id, then field, value, ... */
    private static final Script ACK_AND_WRITE = new Script("""
            if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then
              return 0
            end
            local fields = {}
            for i = 3, #ARGV do
              fields[#fields + 1] = ARGV[i]
            end
            redis.call('XADD', KEYS[2], '*', unpack(fields))
            return 1
            """);

    private final RedisReactiveCommands<String, String> redis;
    private final String[] keys;
    private final String group;
    private final String consumer;

    Results(RedisReactiveCommands<String, String> redis, String stream, String results, String group, String consumer) {
        this.redis = redis;
        this.keys = new String[] {stream, results};
        this.group = group;
        this.consumer = consumer;
    }

    /** True when this consumer acknowledged the entry and wrote its result; false when another one had. */
    Mono<Boolean> write(String entryId, List<String> fields) {
        List<String> args = new ArrayList<>(fields.size() + 2);
        args.add(group);
        args.add(entryId);
        args.addAll(fields);
        args.add("consumer");
        args.add(consumer);
        return ACK_AND_WRITE.<Long>run(redis, ScriptOutputType.INTEGER, keys, args.toArray(String[]::new))
                .next()
                .map(done -> done == 1);
    }

    /**
     * The result fields of an outcome: {@code entry}, {@code outcome}, {@code out_record_id}, then what applies
     * ({@link #write} adds {@code consumer}, the worker that wrote it).
     */
    static List<String> of(String entryId, ScheduleOutcome outcome) {
        List<String> f = new ArrayList<>(List.of("entry", entryId));
        if (outcome instanceof ScheduleOutcome.Scheduled s) {
            add(f, "outcome", "scheduled", "out_record_id", s.item().outRecordId(), "reconciled",
                    Boolean.toString(s.reconciled()), "record", s.record().toJson().toString());
        } else if (outcome instanceof ScheduleOutcome.Rejected r) {
            add(f, "outcome", "rejected", "out_record_id", r.item().outRecordId(), "code", r.code(), "message",
                    r.message());
            if (r.field() != null) {
                add(f, "field", r.field());
            }
        } else {
            ScheduleOutcome.Failed x = (ScheduleOutcome.Failed) outcome;
            add(f, "outcome", "failed", "out_record_id", x.item().outRecordId(), "code", x.code(), "message",
                    x.message());
        }
        add(f, "calls", Integer.toString(outcome.attempts()), "request_ids", String.join(",", outcome.requestIds()));
        return f;
    }

    /** An entry that cannot become an item: {@code outcome} = {@code invalid} and why (it names the field). */
    static List<String> invalid(String entryId, String why) {
        return List.of("entry", entryId, "outcome", "invalid", "code", "INVALID_ENTRY", "message", why);
    }

    private static void add(List<String> fields, String... pairs) {
        for (String p : pairs) {
            fields.add(p == null ? "" : p);
        }
    }
}
