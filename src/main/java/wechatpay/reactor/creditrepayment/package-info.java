/**
 * Partner credit repayment (信用还款, 服务商): typed models of the schedule-repayment API (预约还款,
 * {@code POST /v3/credit-repayment/partner/schedule-records/batch-create}). A {@link
 * wechatpay.reactor.creditrepayment.ScheduleItem} is what the caller asks for, a {@link
 * wechatpay.reactor.creditrepayment.ScheduleRecord} is what WeChat Pay answers. Amounts are {@code long} fen
 * in Java and JSON strings on the wire; dates are Beijing {@link java.time.LocalDate}s. Everything here is
 * immutable and thread-safe, except builders.
 */
@NullMarked
package wechatpay.reactor.creditrepayment;

import org.jspecify.annotations.NullMarked;
