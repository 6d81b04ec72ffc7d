package wechatpay.reactor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static wechatpay.reactor.sandbox.SandboxFixtures.IDENTITY;
import static wechatpay.reactor.sandbox.SandboxFixtures.SCHEDULE;
import static wechatpay.reactor.sandbox.SandboxFixtures.schedule;
import static wechatpay.reactor.sandbox.SandboxFixtures.text;

import com.wechat.pay.java.core.RSAAutoCertificateConfig;
import com.wechat.pay.java.core.certificate.AutoCertificateService;
import com.wechat.pay.java.core.cipher.PrivacyEncryptor;
import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.core.http.DefaultHttpClientBuilder;
import com.wechat.pay.java.core.http.HttpClient;
import com.wechat.pay.java.core.http.HttpHeaders;
import com.wechat.pay.java.core.http.HttpMethod;
import com.wechat.pay.java.core.http.HttpRequest;
import com.wechat.pay.java.core.http.JsonRequestBody;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import wechatpay.reactor.CertificateInfo;
import wechatpay.reactor.sandbox.WechatPaySandbox.Mode;

/**
 * The official wechatpay-java SDK's certificate downloader ({@code RSAAutoCertificateConfig}) against the sandbox in
 * PLATFORM_CERTIFICATE mode. The SDK downloads from a fixed {@code https://api.mch.weixin.qq.com/v3/certificates}
 * and takes no host setting; it does take an OkHttp client, so an application interceptor sends its requests to the
 * sandbox's loopback port (the request signature covers the path and query, never the host). The SDK checks no
 * signature on the download itself (its downloader uses an accept-all validator): its verdict on our list is that it
 * decrypts and parses every entry, and that the certificates it got verify the answers of later calls.
 */
class OfficialSdkCertificateTest {
    private final List<String> hosts = new ArrayList<>();
    private WechatPaySandbox sandbox;

    @AfterEach
    void stop() {
        AutoCertificateService.unregister(IDENTITY.mchid(), "RSA");
        sandbox.close();
    }

    /** OkHttp that rewrites WeChat Pay's host to the sandbox and notes the host each request was meant for. */
    private OkHttpClient toSandbox() {
        return new OkHttpClient.Builder().addInterceptor(chain -> {
            HttpUrl meant = chain.request().url();
            hosts.add(meant.host());
            HttpUrl local = meant.newBuilder().scheme("http").host("127.0.0.1").port(sandbox.port()).build();
            return chain.proceed(chain.request().newBuilder().url(local).build());
        }).build();
    }

    /** The SDK's auto-certificate configuration: merchant key, serial and APIv3 key only; it downloads at build(). */
    private RSAAutoCertificateConfig downloadingConfig() {
        return new RSAAutoCertificateConfig.Builder()
                .merchantId(IDENTITY.mchid())
                .privateKey(IDENTITY.merchantKeys().getPrivate())
                .merchantSerialNumber(IDENTITY.merchantSerial())
                .apiV3Key(IDENTITY.apiV3KeyText())
                .httpClientBuilder(new DefaultHttpClientBuilder().okHttpClient(toSandbox()))
                .build();
    }

    /** A POST the SDK's client signs, sends and verifies (inside execute) with the downloaded certificates. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private Map<String, Object> post(HttpClient http, String path, String body, String wechatpaySerial) {
        HttpHeaders headers = new HttpHeaders();
        headers.addHeader("Accept", "application/json");
        headers.addHeader("Content-Type", "application/json");
        if (wechatpaySerial != null) {
            headers.addHeader("Wechatpay-Serial", wechatpaySerial);
        }
        HttpRequest request = new HttpRequest.Builder().httpMethod(HttpMethod.POST).url(sandbox.baseUrl() + path)
                .headers(headers).body(new JsonRequestBody.Builder().body(body).build()).build();
        return (Map<String, Object>) http.execute(request, Map.class).getServiceResponse();
    }

    @Test
    void theSdkDownloadsTheCertificateAndVerifiesAnswersWithIt() {
        sandbox = WechatPaySandbox.builder().identity(IDENTITY).mode(Mode.PLATFORM_CERTIFICATE).start();
        RSAAutoCertificateConfig config = downloadingConfig();
        assertThat(hosts).containsExactly("api.mch.weixin.qq.com");
        assertThat(sandbox.stats().certificateDownloads()).isEqualTo(1);
        HttpClient http = new DefaultHttpClientBuilder().config(config).build();

        Map<String, Object> created = post(http, SCHEDULE, text(schedule(sandbox.contracts().get(0), "SDKC1", 10_000)),
                null);
        assertThat(created.get("schedule_records").toString()).contains("SDKC1");

        // The SDK seals with the certificate it downloaded and names it; the sandbox opens it and echoes the plaintext.
        PrivacyEncryptor encryptor = config.createEncryptor();
        assertThat(encryptor.getWechatpaySerial()).isEqualTo(IDENTITY.platformCertificate().serial());
        String echo = SandboxFixtures.text(JsonNodeFactory.instance.objectNode().put("echo_message", "sdk")
                .put("encrypted_echo_message", encryptor.encrypt("sealed by the official SDK")));
        Map<String, Object> echoed = post(http, "/v3/security/echo", echo, encryptor.getWechatpaySerial());
        assertThat(echoed).containsEntry("echo_message", "sdk")
                .containsEntry("decrypted_echo_message", "sealed by the official SDK");
    }

    // The SDK names its newest downloaded certificate in Wechatpay-Serial on every call, so the sandbox answers
    // with that one: a rotation does not break it until the old certificate leaves the list (here, the next rotation).
    @Test
    void acrossRotationsTheSdkIsAnsweredWithTheCertificateItNamesUntilThatOneIsDropped() {
        sandbox = WechatPaySandbox.builder().identity(IDENTITY).mode(Mode.PLATFORM_CERTIFICATE).start();
        HttpClient before = new DefaultHttpClientBuilder().config(downloadingConfig()).build();
        CertificateInfo second = sandbox.rotatePlatformCertificate(Duration.ZERO);
        assertThat(post(before, SCHEDULE, text(schedule(sandbox.contracts().get(0), "SDKC2", 10_000)), null))
                .containsKey("schedule_records");

        RSAAutoCertificateConfig again = downloadingConfig();              // both listed certificates
        assertThat(sandbox.stats().certificateDownloads()).isEqualTo(2);
        assertThat(again.createEncryptor().getWechatpaySerial()).isEqualTo(second.serial());
        sandbox.rotatePlatformCertificate(Duration.ZERO);                    // drops the identity's certificate
        HttpClient after = new DefaultHttpClientBuilder().config(again).build();
        assertThat(post(after, SCHEDULE, text(schedule(sandbox.contracts().get(0), "SDKC3", 10_000)), null))
                .containsKey("schedule_records");
        assertThat(sandbox.created("SDKC3")).isEqualTo(1);
    }

    @Test
    void aPublicKeyMerchantsDownloadFailsWithResourceNotExists() {
        sandbox = WechatPaySandbox.builder().identity(IDENTITY).mode(Mode.PUBLIC_KEY).start();
        assertThatThrownBy(this::downloadingConfig).isInstanceOfSatisfying(ServiceException.class, e -> {
            assertThat(e.getHttpStatusCode()).isEqualTo(404);
            assertThat(e.getErrorCode()).isEqualTo("RESOURCE_NOT_EXISTS");
        });
    }
}
