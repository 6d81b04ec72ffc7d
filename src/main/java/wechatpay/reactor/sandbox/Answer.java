package wechatpay.reactor.sandbox;

import java.util.Objects;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** What the ledger answers to one request: a status and a JSON body ({@code null} = no body, as for 204). */
record Answer(int status, ObjectNode body) {

    Answer {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
    }

    static Answer ok(ObjectNode body) {
        return new Answer(200, Objects.requireNonNull(body, "body"));
    }

    static Answer noContent() {
        return new Answer(204, null);
    }

    /** The WeChat Pay error shape: {@code {"code", "message", "detail"?}}. */
    static Answer error(int status, String code, String message, ObjectNode detailOrNull) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("code", Objects.requireNonNull(code, "code"));
        body.put("message", Objects.requireNonNull(message, "message"));
        if (detailOrNull != null) {
            body.set("detail", detailOrNull);
        }
        return new Answer(status, body);
    }
}
