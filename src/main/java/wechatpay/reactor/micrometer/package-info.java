/**
 * Micrometer, optional: {@link wechatpay.reactor.micrometer.ObservationCallListener} records one Observation per
 * call of a client, {@link wechatpay.reactor.micrometer.StreamMeters} binds a stream's counters to a
 * {@code MeterRegistry}, and {@link wechatpay.reactor.micrometer.MeteredStreams} hands out bound counters by stream
 * name. Needs {@code micrometer-core} (or {@code micrometer-observation} for the listener alone) on the class path;
 * nothing outside this package refers to Micrometer, so the rest of the library works without it. The library
 * sets no global hook, registry or Reactor Netty observation registry; Reactor Netty's own client meters
 * ({@code WechatPayClient.Builder.transportMetrics}) go where Reactor Netty puts them, Micrometer's global registry.
 */
@NullMarked
package wechatpay.reactor.micrometer;

import org.jspecify.annotations.NullMarked;
