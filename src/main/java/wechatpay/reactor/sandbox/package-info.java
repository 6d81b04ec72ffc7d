/**
 * {@link wechatpay.reactor.sandbox.WechatPaySandbox}: an embedded WeChat Pay APIv3 server for tests, demos and
 * benchmarks, with its identity, faults, stats and state file. Never for production.
 *
 * <h2>Self-test: {@code POST /v3/security/echo}</h2>
 * A WeChat Pay API like the others (signature gate, faults, signed answer). Body: {@code echo_message} (required,
 * 1 to 1024 characters), {@code encrypted_echo_message} (optional: Base64 RSA-OAEP,
 * {@code RSA/ECB/OAEPWithSHA-1AndMGF1Padding}, under the WeChat Pay key the request's {@code Wechatpay-Serial}
 * names; the header is then required), {@code notify_url} (optional, https, or http for a loopback host). The answer
 * is 200 {@code {"echo_message": "<the same text>"}}, plus {@code "decrypted_echo_message": "<what the sandbox
 * decrypted>"} when an encrypted message was sent; a ciphertext that does not decrypt is 400 {@code PARAM_ERROR}
 * naming {@code /encrypted_echo_message}, never showing the value. With {@code notify_url}, a
 * {@code SECURITY_ECHO.SUCCESS} callback (sealed and signed like the others; plaintext
 * {@code {"mchid", "echo_message"}}, associated data {@code security_echo}) goes there. Beyond the echo itself,
 * WeChat Pay publishes neither the answer's fields nor the callback's: these are the sandbox's choices.
 *
 * <h2>Keys: modes and platform-certificate rotation</h2>
 * {@link wechatpay.reactor.sandbox.WechatPaySandbox.Mode} says which key signs answers; it switches while the sandbox
 * runs ({@code sandbox.mode(Mode.BOTH)}), from the next request on. {@code sandbox.rotatePlatformCertificate(overlap)}
 * (or the builder's {@code rotatePlatformCertificateEvery(period, overlap)}) publishes a new platform certificate:
 * both are listed by {@code /v3/certificates} at once, answers stay signed by the old one until the overlap ends,
 * then by the new one; a request naming a listed certificate in {@code Wechatpay-Serial} is answered with it. The old
 * one stays listed and accepted until it expires or the next rotation (at most two listed).
 * {@link wechatpay.reactor.sandbox.PlatformCertificates} tells which are listed and which signs;
 * {@link wechatpay.reactor.sandbox.SandboxStats#certificateDownloads()} counts downloads.
 *
 * <h2>Faults for key rings</h2>
 * {@link wechatpay.reactor.sandbox.Fault#UNKNOWN_SERIAL} signs each answer it strikes under a fresh random serial
 * (shaped like the one it replaces), so a flood of them shows a client many different unknown serials.
 * {@code GET /v3/certificates} has faults of its own ({@code certificateListFaults}, {@code enqueueCertificateList}),
 * drawn before the sandbox-wide ones, so a client's refresh can fail on purpose while other calls succeed.
 *
 * <h2>Control endpoints</h2>
 * Besides the WeChat Pay APIs the server answers its own control endpoints, standing in for what the user and
 * WeChat Pay do outside the merchant's API. They need no signature (served before the request gate), answer
 * unsigned JSON (the contract or order on 200, {@code {"code","message"}} otherwise), take no faults and are not
 * counted in {@link WechatPaySandbox#stats()}:
 * <ul>
 * <li>{@code POST /sandbox/contracts/{out_contract_code}/sign}: the user signs the presigned contract (as
 *     {@link WechatPaySandbox#signContract}); 200 with the contract as its query shows it, and SIGN_CONTRACT to the presign's
 *     {@code contract_notify_url}. 404 {@code RESOURCE_NOT_EXISTS} for an unknown code, 409 {@code CONFLICT} for
 *     a contract already signed or terminated.</li>
 * <li>{@code POST /sandbox/contracts/{out_contract_code}/terminate-by-user}: the user ends the effective contract
 *     ({@code TERMINATION_MODE_BY_USER}); 200 with the contract, and TERMINATE_CONTRACT to the presign's
 *     {@code contract_notify_url} (seeded contracts have none). 404 unknown, 409 not signed or already ended.</li>
 * <li>{@code POST /sandbox/deduct-orders/{out_trade_no}/settle} with {@code {"result":"PAY_SUCCESS"}} or
 *     {@code {"result":"PAY_FAIL"}}: the pending order (see {@link Deductions#ON_REQUEST}) becomes
 *     {@code DEDUCT_ORDER_STATE_PAY_SUCCESS} (with {@code pay_success_amount} and {@code transaction_id}) or
 *     {@code DEDUCT_ORDER_STATE_PAY_FAIL} (neither); 200 with the order, and DEDUCTION_PAY to its
 *     {@code notify_url} either way, its plaintext's {@code order_state} saying which. 404
 *     {@code ORDER_NOT_EXIST}, 409 for an order already settled, 400 {@code PARAM_ERROR} ({@code /result}) for
 *     another body. A failed order frees its schedule record for a new {@code out_trade_no}.</li>
 * </ul>
 * Another method on these paths answers 405, another path under {@code /sandbox/} 404.
 */
package wechatpay.reactor.sandbox;
