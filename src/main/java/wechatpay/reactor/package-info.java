/**
 * The client: {@link wechatpay.reactor.WechatPayClient} (built once with its {@link WechatPayClient.Builder},
 * shared, closed at shutdown), the merchant's and WeChat Pay's keys ({@link wechatpay.reactor.PrivateKeys},
 * {@link wechatpay.reactor.PublicKeys}, {@link wechatpay.reactor.KeyRing}), any endpoint through
 * {@link wechatpay.reactor.WechatPayClient#chain(String)}, and the failures of a call, split on "did WeChat Pay
 * answer?" ({@link wechatpay.reactor.WechatPayException}). The typed APIs are in {@code creditrepayment}, callbacks
 * in {@code notification}. Types here and in the other API packages are non-null unless marked
 * {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package wechatpay.reactor;

import org.jspecify.annotations.NullMarked;
