package wechatpay.reactor.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.integration.Sandboxed.IDENTITY;
import static wechatpay.reactor.integration.Sandboxed.client;

import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import wechatpay.reactor.RequestSigner;
import wechatpay.reactor.SelfTestReport;
import wechatpay.reactor.SelfTestReport.Culprit;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.internal.Certificates;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/** {@code selfTest()} against the sandbox's echo: green with the right settings, else the culprit named. */
class SelfTestTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static SelfTestReport selfTest(WechatPaySandbox sandbox, UnaryOperator<WechatPayClient.Builder> change) {
        return selfTest(change.apply(client(sandbox)));
    }

    private static SelfTestReport selfTest(WechatPayClient.Builder builder) {
        try (WechatPayClient client = builder.build()) {
            return client.selfTest().block(WAIT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = WechatPaySandbox.Mode.class, names = {"PUBLIC_KEY", "PLATFORM_CERTIFICATE"})
    void theRightSettingsPassWithTheKeyTheSkewAndTheOaepRoundTrip(WechatPaySandbox.Mode mode) {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).mode(mode).start()) {
            SelfTestReport report = selfTest(sandbox, b -> b);
            assertThat(report.passed()).as(report.detail()).isTrue();
            assertThat(report.culprit()).isEqualTo(Culprit.NONE);
            assertThat(report.verifiedBy()).contains(mode == WechatPaySandbox.Mode.PUBLIC_KEY ? IDENTITY.publicKeyId()
                    : IDENTITY.platformCertificate().serial());
            assertThat(report.clockSkew()).hasValueSatisfying(skew -> assertThat(skew.abs()).isLessThan(Duration.ofMinutes(1)));
            assertThat(report.oaepRoundTrip()).contains(true);
            assertThat(report.requestId()).isNotEmpty();
        }
    }

    enum Wrong {
        CLOCK(Culprit.CLOCK, b -> b.clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)))),
        KEY(Culprit.MERCHANT_KEY, b -> b.merchant(IDENTITY.mchid(),
                RequestSigner.rsa(IDENTITY.merchantSerial(), Certificates.rsaKeyPair(2048).getPrivate()))),
        SERIAL(Culprit.MERCHANT_SERIAL, b -> b.merchant(IDENTITY.mchid(), "0123456789ABCDEF0123456789ABCDEF01234567",
                IDENTITY.merchantKeys().getPrivate())),
        MCHID(Culprit.MCHID, b -> b.merchant("1900000999", IDENTITY.merchantSerial(), IDENTITY.merchantKeys().getPrivate())),
        WECHATPAY_KEY(Culprit.WECHATPAY_KEY, b -> b),     // the right id, another key: see below
        NETWORK(Culprit.NETWORK, b -> b.baseUrl(Sandboxed.closedPort()).connectTimeout(Duration.ofSeconds(2)));

        final Culprit culprit;
        final UnaryOperator<WechatPayClient.Builder> change;

        Wrong(Culprit culprit, UnaryOperator<WechatPayClient.Builder> change) {
            this.culprit = culprit;
            this.change = change;
        }
    }

    @ParameterizedTest(name = "a wrong {0}")
    @EnumSource(Wrong.class)
    void aWrongSettingIsNamed(Wrong wrong) {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY).start()) {
            SelfTestReport report = wrong == Wrong.WECHATPAY_KEY
                    ? selfTest(WechatPayClient.builder().baseUrl(sandbox.baseUrl())
                            .merchant(IDENTITY.mchid(), IDENTITY.merchantSerial(), IDENTITY.merchantKeys().getPrivate())
                            .wechatPayPublicKey(IDENTITY.publicKeyId(), Certificates.rsaKeyPair(2048).getPublic()))
                    : selfTest(sandbox, b -> wrong.change.apply(b.retryPolicy(wechatpay.reactor.RetryPolicy.none())));
            assertThat(report.passed()).isFalse();
            assertThat(report.culprit()).as(report.detail()).isEqualTo(wrong.culprit);
            assertThat(report.detail()).isNotEmpty();
        }
    }

    @Test
    void aMerchantThatStartsWithoutWeChatPayKeysPassesAfterItsDownload() {
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().identity(IDENTITY)
                        .mode(WechatPaySandbox.Mode.PLATFORM_CERTIFICATE).start();
                WechatPayClient client = WechatPayClient.builder()
                        .merchant(IDENTITY.mchid(), IDENTITY.merchantSerial(), IDENTITY.merchantKeys().getPrivate())
                        .downloadPlatformCertificates(IDENTITY.apiV3Key()).baseUrl(sandbox.baseUrl()).build()) {
            SelfTestReport first = client.selfTest().block(WAIT);
            assertThat(first.passed()).as(first.detail()).isTrue();
            assertThat(first.oaepRoundTrip()).as("no key to encrypt for before the download").isEmpty();
            SelfTestReport second = client.selfTest().block(WAIT);
            assertThat(second.oaepRoundTrip()).contains(true);
            assertThat(client.keyRing().status().downloads()).isEqualTo(1);
        }
    }
}
