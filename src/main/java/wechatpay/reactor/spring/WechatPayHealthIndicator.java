package wechatpay.reactor.spring;

import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;
import wechatpay.reactor.SelfTestReport;
import wechatpay.reactor.WechatPayClient;

/**
 * The health of a {@link WechatPayClient}: UP when its {@link WechatPayClient#selfTest() self-test} passed, DOWN
 * with the {@code culprit} (the setting to look at) and a one-line {@code detail} otherwise. One self-test (one
 * signed {@code POST /v3/security/echo}) answers every probe for {@code ttl}: probes that come while it runs wait
 * for that same run, so a busy health endpoint never becomes a load on WeChat Pay. The details hold no key,
 * signature or secret: the self-test's report holds none. Thread-safe.
 */
public final class WechatPayHealthIndicator implements ReactiveHealthIndicator {
    private final Mono<SelfTestReport> report;

    public WechatPayHealthIndicator(WechatPayClient client, Duration ttl) {
        Objects.requireNonNull(client, "client");
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl: expected a positive duration, found " + ttl);
        }
        // cache(ttl): one subscription to the self-test at a time; its result is replayed until ttl has passed.
        this.report = client.selfTest().cache(ttl);
    }

    @Override
    public Mono<Health> health() {
        return report.map(WechatPayHealthIndicator::health);
    }

    static Health health(SelfTestReport report) {
        Health.Builder health = report.passed() ? Health.up() : Health.down();
        if (!report.passed()) {
            health.withDetail("culprit", report.culprit().name()).withDetail("detail", report.detail());
        }
        report.verifiedBy().ifPresent(id -> health.withDetail("verifiedBy", id));
        report.clockSkew().ifPresent(skew -> health.withDetail("clockSkew", skew.toString()));
        report.requestId().ifPresent(id -> health.withDetail("requestId", id));
        return health.build();
    }
}
