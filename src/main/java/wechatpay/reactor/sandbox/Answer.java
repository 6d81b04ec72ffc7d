package wechatpay.reactor.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/** A signed HTTP answer ready to send: status, headers in WeChat Pay's exact case, raw body bytes. */
record Answer(int status, Map<String, String> headers, byte[] body) {
    Answer {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }
}
