package wechatpay.reactor.sandbox;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import wechatpay.reactor.CertificateInfo;
import wechatpay.reactor.internal.Certificates;
import wechatpay.reactor.internal.Pem;

/**
 * The sandbox's platform certificates over time, rotated while it runs as WeChat Pay rotates them. It starts with
 * the identity's certificate. {@link #rotate} publishes a new one (new key, new serial, valid from now for a year):
 * both are listed by {@code GET /v3/certificates} from that moment, but answers keep being signed with the old one
 * until the overlap ends, then with the new one. A request whose {@code Wechatpay-Serial} names a listed certificate
 * (in {@code PLATFORM_CERTIFICATE} or {@code BOTH} mode) is answered with that one, overlap or not.
 *
 * <p>The sandbox's choice where WeChat Pay's is not published: after the overlap the old certificate stays listed
 * (and accepted in {@code Wechatpay-Serial}) until it expires or the next rotation, whichever comes first, so at most
 * two certificates are listed. The list ignores the mode: in {@code PUBLIC_KEY} mode nothing is served, but a
 * rotation still takes effect for a later switch to {@code BOTH}.
 *
 * <pre>{@code
 * CertificateInfo next = sandbox.platformCertificates().rotate(Duration.ofSeconds(2));
 * // 2 s: listed with the old one, answers signed by the old one; then answers signed by next
 * }</pre>
 * Thread-safe: readers see one consistent state; rotations run one at a time.
 */
public final class PlatformCertificates {
    private static final Duration VALIDITY = Duration.ofDays(365);

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile Ring ring;

    PlatformCertificates(SandboxIdentity identity, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ring = new Ring(new Issued(identity.platformCertificate(), identity.platformKeys().getPrivate(),
                identity.platformCertificatePem()), null, Instant.MIN);
    }

    /**
     * Publishes a new certificate at once and signs answers with it once {@code overlap} has passed (zero: at once);
     * returns it. Takes an RSA key generation (tens to hundreds of milliseconds): call it off event loops.
     */
    public CertificateInfo rotate(Duration overlap) {
        Objects.requireNonNull(overlap, "overlap");
        if (overlap.isNegative()) {
            throw new IllegalArgumentException("overlap: expected >= 0, found " + overlap);
        }
        KeyPair keys = Certificates.rsaKeyPair(2048);
        synchronized (this) {
            Instant now = clock.instant();
            X509Certificate x509 = Certificates.selfSigned(keys, "WeChat Pay sandbox platform",
                    new BigInteger(128, random).setBit(127), now, now.plus(VALIDITY));
            Issued next = new Issued(CertificateInfo.of(x509), keys.getPrivate(), Pem.encode(x509));
            ring = new Ring(next, ring.current(), now.plus(overlap));
            return next.info();
        }
    }

    /** The newest certificate: the one the latest rotation published (the identity's before any rotation). */
    public CertificateInfo current() {
        return ring.current().info();
    }

    /** The certificate the latest rotation replaced, while it is still listed. */
    public Optional<CertificateInfo> previous() {
        return previousIssued(ring, clock.instant()).map(Issued::info);
    }

    /** The certificate that signs answers now unless the request names another: the previous one during an overlap. */
    public CertificateInfo signing() {
        return signingIssued().info();
    }

    /** What {@code GET /v3/certificates} lists now, newest first. */
    public List<CertificateInfo> listed() {
        return listedIssued().stream().map(Issued::info).toList();
    }

    /** Whether the overlap of the latest rotation is still running. */
    public boolean inOverlap() {
        return clock.instant().isBefore(ring.overlapEnds());
    }

    Issued signingIssued() {
        Ring r = ring;
        Instant now = clock.instant();
        return now.isBefore(r.overlapEnds()) && r.previous() != null ? r.previous() : r.current();
    }

    List<Issued> listedIssued() {
        Ring r = ring;
        List<Issued> out = new ArrayList<>(2);
        out.add(r.current());
        previousIssued(r, clock.instant()).ifPresent(out::add);
        return out;
    }

    /** The listed certificate with this serial, if any ({@code null} finds none). */
    Optional<Issued> listed(String serial) {
        if (serial == null) {
            return Optional.empty();
        }
        return listedIssued().stream().filter(i -> i.info().serial().equals(serial)).findFirst();
    }

    private static Optional<Issued> previousIssued(Ring r, Instant now) {
        Issued previous = r.previous();
        return previous != null && !now.isAfter(previous.info().notAfter()) ? Optional.of(previous) : Optional.empty();
    }

    @Override
    public String toString() {
        return "PlatformCertificates[listed=" + listed().stream().map(CertificateInfo::serial).toList()
                + ", signing=" + signing().serial() + "]";
    }

    /** One platform certificate with its private key (what signs answers and opens fields sealed for it) and PEM. */
    record Issued(CertificateInfo info, PrivateKey privateKey, String pem) {
        @Override
        public String toString() {
            return "Issued[" + info.serial() + ", key=redacted]";
        }
    }

    /** The newest certificate, the one it replaced (or null), and when answers switch to the newest. */
    private record Ring(Issued current, Issued previous, Instant overlapEnds) {
    }
}
