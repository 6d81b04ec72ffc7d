/**
 * Not API: what the client is built from and the sandbox shares — the protocol core (signing message,
 * Authorization header, verification verdict, PEM, AES-GCM, RSA-OAEP), the transport (the one class that touches
 * Reactor Netty), the limits (in flight, rate), and the bridge by which the typed APIs reach the pipeline.
 * Everything here may change without notice; use the types of {@code wechatpay.reactor} instead.
 */
package wechatpay.reactor.internal;
