package wechatpay.reactor.creditrepayment;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What became of one item of a {@link ScheduleRecords#schedule} stream: exactly one outcome per input item, as
 * data. {@link Scheduled}: WeChat Pay holds the record (a verified answer showed it). {@link Rejected}: a
 * definitive refusal and no record: the item is invalid, or WeChat Pay refused it with a 4xx and a verified query
 * found no record; sending it again will not help. {@link Failed}: the stream gave up (attempts exhausted, answers
 * that could not be trusted, a conflict, or the stream stopped calling); the record may or may not exist, so the
 * same {@code out_record_id} may be sent again later: it is reconciled, never created twice.
 *
 * <p>Codes: see {@link OutcomeCodes}.
 */
public sealed interface ScheduleOutcome permits ScheduleOutcome.Scheduled, ScheduleOutcome.Rejected, ScheduleOutcome.Failed {

    /** The position of the item in the input stream, from 0. */
    long index();

    ScheduleItem item();

    /** Calls made for this item (creates and reconciling queries); 0 when it was refused before sending. */
    int attempts();

    /** {@code Request-ID}s of WeChat Pay's answers for this item, oldest first. */
    List<String> requestIds();

    /**
     * @param reconciled true when an ambiguous failure was resolved by finding the record with a query
     */
    record Scheduled(long index, ScheduleItem item, ScheduleRecord record, int attempts, List<String> requestIds,
            boolean reconciled) implements ScheduleOutcome {
        public Scheduled {
            Objects.requireNonNull(record, "record");
            requestIds = List.copyOf(requestIds);
        }
    }

    /**
     * @param code    {@link OutcomeCodes#VALIDATION_ERROR} for an item refused before sending, else WeChat Pay's error code
     * @param field   the field at fault when known (wire name or WeChat Pay's JSON Pointer), else null
     * @param status  the HTTP status of WeChat Pay's refusal, 0 when nothing was sent
     */
    record Rejected(long index, ScheduleItem item, String code, String message, @Nullable String field, int status,
            int attempts, List<String> requestIds) implements ScheduleOutcome {

        public Rejected {
            requestIds = List.copyOf(requestIds);
        }
    }

    /**
     * @param code  a WeChat Pay error code, a transport failure kind, a verification reason, or one of
     *              {@link OutcomeCodes}
     * @param cause the last failure, or null
     */
    record Failed(long index, ScheduleItem item, String code, String message, int attempts, List<String> requestIds,
            @Nullable Throwable cause) implements ScheduleOutcome {
        public Failed {
            requestIds = List.copyOf(requestIds);
        }
    }
}
