/**
 * Not API: the protocol core (signing message, Authorization header, verification verdict, PEM, AES-GCM,
 * RSA-OAEP) and, later, the transport. Everything here may change without notice; use the types of
 * {@code wechatpay.reactor} instead.
 */
package wechatpay.reactor.internal;
