package wechatpay.reactor.sandbox;

import java.util.Set;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.sandbox.DeductOrder.State;

/**
 * The sandbox's own control endpoints under {@value #PREFIX}: what the user and WeChat Pay do outside the merchant's
 * API (sign, terminate in WeChat, settle a deduction), listed on {@link WechatPaySandbox}. Not WeChat Pay APIs:
 * served before the request gate, so no Authorization, Accept or User-Agent is needed, answers are not signed, no
 * fault applies, and {@link SandboxStats} does not count them. Answers are JSON: the contract or order on 200, the
 * WeChat Pay error shape {@code {"code","message"}} otherwise.
 */
final class SandboxControl {
    static final String PREFIX = "/sandbox/";
    private static final Set<String> RESULTS = Set.of(State.PAY_SUCCESS.name(), State.PAY_FAIL.name());
    private static final String KNOWN = "POST /sandbox/contracts/{out_contract_code}/sign, "
            + "POST /sandbox/contracts/{out_contract_code}/terminate-by-user, "
            + "POST /sandbox/deduct-orders/{out_trade_no}/settle";

    private final JsonMapper json;
    private final Ledger ledger;

    SandboxControl(JsonMapper json, Ledger ledger) {
        this.json = json;
        this.ledger = ledger;
    }

    /** Whether {@code uri} is a control request rather than a WeChat Pay one. */
    static boolean claims(String uri) {
        return uri.startsWith(PREFIX);
    }

    Publisher<Void> handle(HttpServerRequest req, HttpServerResponse res) {
        String method = req.method().name();
        String uri = req.uri();
        return req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                .publishOn(Schedulers.parallel())
                .flatMap(body -> {
                    Answer answer = answer(method, uri, body);
                    return send(res, answer, json.writeValueAsBytes(answer.body()));
                });
    }

    /** The answer to one control request. */
    Answer answer(String method, String uri, byte[] body) {
        int q = uri.indexOf('?');
        String[] parts = (q < 0 ? uri : uri.substring(0, q)).substring(PREFIX.length()).split("/", -1);
        String action = parts.length == 3 && !parts[1].isEmpty() ? parts[0] + "/" + parts[2] : "";
        String id = parts.length == 3 ? SandboxHandler.decode(parts[1]) : "";
        Supplier<Answer> act = switch (action) {
            case "contracts/sign" -> () -> ledger.signByUser(id);
            case "contracts/terminate-by-user" -> () -> ledger.terminateByUser(id);
            case "deduct-orders/settle" -> () -> settle(id, body);
            default -> null;
        };
        if (act == null) {
            return Answer.error(404, "RESOURCE_NOT_EXISTS", "no sandbox control endpoint " + method + " "
                    + uri + "; there are " + KNOWN, null);
        }
        if (!"POST".equals(method)) {
            return Answer.error(405, "METHOD_NOT_ALLOWED", "method " + method + " is not allowed on " + uri
                    + "; use POST", null);
        }
        try {
            return act.get();
        } catch (ParamRules.Rejected rejected) {
            return rejected.answer();
        }
    }

    /** {@code {"result":"PAY_SUCCESS"}} or {@code {"result":"PAY_FAIL"}}. */
    private Answer settle(String outTradeNo, byte[] body) {
        JsonNode tree;
        try {
            tree = body.length == 0 ? null : json.readTree(body);
        } catch (JacksonException e) {
            throw ParamRules.notJson();
        }
        String result = ParamRules.body(tree).oneOf("result", RESULTS);
        return ledger.settle(outTradeNo, State.PAY_SUCCESS.name().equals(result) ? State.PAY_SUCCESS : State.PAY_FAIL);
    }

    private static Mono<Void> send(HttpServerResponse res, Answer answer, byte[] body) {
        res.status(answer.status());
        res.header(Headers.CONTENT_TYPE, Headers.JSON);
        res.header("Content-Length", Integer.toString(body.length));
        return res.sendByteArray(Mono.just(body)).then();
    }
}
