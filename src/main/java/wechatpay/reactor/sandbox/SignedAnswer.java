package wechatpay.reactor.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/** A signed HTTP answer ready to send: status, headers in WeChat Pay's exact case, raw body bytes. */
record SignedAnswer(int status, Map<String, String> headers, byte[] body) {
    SignedAnswer {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }
}
