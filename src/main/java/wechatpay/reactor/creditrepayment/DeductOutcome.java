package wechatpay.reactor.creditrepayment;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What became of one order of a {@link DeductOrders#deduct} stream: exactly one outcome per input order, as data.
 * {@link Started}: WeChat Pay holds the deduct order (a verified answer showed it; its {@code order_state} says how
 * far the payment is). {@link Rejected}: a definitive refusal and no order: the order is invalid, or WeChat Pay
 * refused it with a 4xx and a verified query found no order. {@link Failed}: the stream gave up; the order may or
 * may not exist, so the same {@code out_trade_no} may be sent again later: it is reconciled, never created twice.
 * Codes: see {@link OutcomeCodes}.
 */
public sealed interface DeductOutcome permits DeductOutcome.Started, DeductOutcome.Rejected, DeductOutcome.Failed {

    /** The position of the order in the input stream, from 0. */
    long index();

    DeductOrder order();

    /** Calls made for this order (creates and reconciling queries); 0 when it was refused before sending. */
    int attempts();

    /** {@code Request-ID}s of WeChat Pay's answers for this order, oldest first. */
    List<String> requestIds();

    /** @param reconciled true when an ambiguous failure was resolved by finding the order with a query */
    record Started(long index, DeductOrder order, DeductOrderRecord record, int attempts, List<String> requestIds,
            boolean reconciled) implements DeductOutcome {
        public Started {
            Objects.requireNonNull(record, "record");
            requestIds = List.copyOf(requestIds);
        }
    }

    /**
     * @param code   {@link OutcomeCodes#VALIDATION_ERROR} for an order refused before sending, else WeChat Pay's code
     * @param field  the field at fault when known (wire name or WeChat Pay's JSON Pointer), else null
     * @param status the HTTP status of WeChat Pay's refusal, 0 when nothing was sent
     */
    record Rejected(long index, DeductOrder order, String code, String message, @Nullable String field, int status,
            int attempts, List<String> requestIds) implements DeductOutcome {
        public Rejected {
            requestIds = List.copyOf(requestIds);
        }
    }

    /** @param cause the last failure, or null */
    record Failed(long index, DeductOrder order, String code, String message, int attempts, List<String> requestIds,
            @Nullable Throwable cause) implements DeductOutcome {
        public Failed {
            requestIds = List.copyOf(requestIds);
        }
    }
}
