package wechatpay.reactor;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What a client's WeChat Pay keys look like now ({@link KeyRing#status()}, as {@code client.keyRing().status()}):
 * the serials it trusts, and, when it downloads platform certificates, how that went. A failed download keeps the
 * keys the client had and shows here: {@code failures} counts them and {@code lastFailure} says why. Immutable.
 *
 * @param serials         the public-key ids and certificate serials trusted now
 * @param downloading     whether the client downloads platform certificates ({@code downloadPlatformCertificates})
 * @param publicKeyOnly   whether {@code /v3/certificates} answered 404 {@code RESOURCE_NOT_EXISTS}: the merchant
 *                        has no platform certificates, and the client does not ask again
 * @param downloads       downloads that succeeded
 * @param failures        downloads that failed
 * @param lastDownload    when the last successful download ended
 * @param lastFailure     why the last download failed, if the last one did
 * @param skippedUnknown  answers whose unknown serial did not cause a download (one was running or had just run,
 *                        or the serial was looked for in vain lately)
 */
public record KeyRingStatus(Set<String> serials, boolean downloading, boolean publicKeyOnly, long downloads,
        long failures, Optional<Instant> lastDownload, Optional<String> lastFailure, long skippedUnknown) {

    public KeyRingStatus {
        serials = Set.copyOf(serials);
    }
}
