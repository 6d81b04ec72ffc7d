package wechatpay.reactor.internal;

/** Header names and fixed values of APIv3, spelled exactly as WeChat Pay sends them. */
public final class Headers {
    public static final String AUTHORIZATION = "Authorization";
    public static final String ACCEPT = "Accept";
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String USER_AGENT = "User-Agent";
    public static final String REQUEST_ID = "Request-ID";
    public static final String WECHATPAY_TIMESTAMP = "Wechatpay-Timestamp";
    public static final String WECHATPAY_NONCE = "Wechatpay-Nonce";
    public static final String WECHATPAY_SIGNATURE = "Wechatpay-Signature";
    public static final String WECHATPAY_SERIAL = "Wechatpay-Serial";
    public static final String WECHATPAY_SIGNATURE_TYPE = "Wechatpay-Signature-Type";

    /**
     * The one signature scheme of APIv3: the scheme of the {@code Authorization} header and the value of
     * {@code Wechatpay-Signature-Type}.
     */
    public static final String SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048";
    /** Prefix of the probe signatures WeChat Pay sends to test that clients really verify. */
    public static final String PROBE_PREFIX = "WECHATPAY/SIGNTEST/";
    public static final String JSON = "application/json";

    private Headers() {
    }
}
