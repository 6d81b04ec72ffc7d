package wechatpay.reactor;

import java.security.PublicKey;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import wechatpay.reactor.internal.Rsa;

/**
 * The WeChat Pay keys that may sign answers and callbacks, chosen by the {@code Wechatpay-Serial} header:
 * WeChat Pay public keys ({@code PUB_KEY_ID_...}, the default since late 2024), platform certificates
 * (serial = certificate serial, used only within their validity), or both during a migration.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * VerificationKeys keys = VerificationKeys.builder()
 *     .publicKey("PUB_KEY_ID_0114232134912410000000000000", PublicKeys.fromPem(Path.of("pub_key.pem")))
 *     .certificate(CertificateInfo.fromPem(Path.of("wechatpay_platform.pem")))   // optional, for migration
 *     .build();
 * }</pre>
 */
public final class VerificationKeys {
    /** Prefix of WeChat Pay public-key ids. */
    public static final String PUBLIC_KEY_ID_PREFIX = "PUB_KEY_ID_";

    private final Map<String, PublicKey> publicKeys;
    private final Map<String, CertificateInfo> certificates;

    private VerificationKeys(Map<String, PublicKey> publicKeys, Map<String, CertificateInfo> certificates) {
        this.publicKeys = Collections.unmodifiableMap(new LinkedHashMap<>(publicKeys));
        this.certificates = Collections.unmodifiableMap(new LinkedHashMap<>(certificates));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Public-key mode with one key: the common case. */
    public static VerificationKeys ofPublicKey(String publicKeyId, PublicKey key) {
        return builder().publicKey(publicKeyId, key).build();
    }

    /** The key for {@code serial} usable at {@code at}: a public key, or a certificate within its validity. */
    public Optional<PublicKey> find(String serial, Instant at) {
        PublicKey key = publicKeys.get(serial);
        if (key != null) {
            return Optional.of(key);
        }
        CertificateInfo cert = certificates.get(serial);
        return cert != null && cert.isValidAt(at) ? Optional.of(cert.publicKey()) : Optional.empty();
    }

    /**
     * The key a request names in {@code Wechatpay-Serial}, so that WeChat Pay answers with a key this set
     * trusts (during a migration both may answer) and encrypts sensitive fields for it: the first public key,
     * else the platform certificate that became effective last among those valid at {@code at} (the newest
     * of all when none is valid).
     */
    public String preferredSerial(Instant at) {
        if (!publicKeys.isEmpty()) {
            return publicKeys.keySet().iterator().next();
        }
        java.util.Comparator<CertificateInfo> newest = java.util.Comparator.comparing(CertificateInfo::notBefore);
        return certificates.values().stream().filter(c -> c.isValidAt(at)).max(newest)
                .or(() -> certificates.values().stream().max(newest))
                .map(CertificateInfo::serial).orElseThrow(() -> new IllegalStateException("no WeChat Pay key yet"));
    }

    /** Whether this set holds no key at all (a client that downloads its certificates starts so). */
    public boolean isEmpty() {
        return publicKeys.isEmpty() && certificates.isEmpty();
    }

    /** Whether {@code serial} names a key here at all, whatever its validity. */
    public boolean contains(String serial) {
        return publicKeys.containsKey(serial) || certificates.containsKey(serial);
    }

    /** The platform certificates of this set, configured and downloaded. */
    public java.util.List<CertificateInfo> certificates() {
        return java.util.List.copyOf(certificates.values());
    }

    public Set<String> serials() {
        Set<String> all = new java.util.LinkedHashSet<>(publicKeys.keySet());
        all.addAll(certificates.keySet());
        return Collections.unmodifiableSet(all);
    }

    /**
     * Refuses a set that contains the merchant's own API certificate serial: answers are signed by WeChat
     * Pay, never with the merchant's key, so such an entry is a configuration mistake (the PHP SDK refuses
     * it too). Returns this set when it is fine.
     */
    public VerificationKeys requireDistinctFrom(String merchantSerial) {
        if (merchantSerial != null && serials().stream().anyMatch(merchantSerial::equalsIgnoreCase)) {
            throw new IllegalArgumentException("verification keys: serial " + merchantSerial
                    + " is the merchant's own API certificate serial; WeChat Pay answers are verified with "
                    + "WeChat Pay's public key or platform certificate, never the merchant's");
        }
        return this;
    }

    /** A builder whose result contains these keys plus more (for example newly downloaded certificates). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.publicKeys.putAll(publicKeys);
        b.certificates.putAll(certificates);
        return b;
    }

    @Override
    public String toString() {
        return "VerificationKeys[publicKeys=" + publicKeys.keySet() + ", certificates=" + certificates.values() + "]";
    }

    /** Not thread-safe; {@link #build()} copies. */
    public static final class Builder {
        private final Map<String, PublicKey> publicKeys = new LinkedHashMap<>();
        private final Map<String, CertificateInfo> certificates = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder publicKey(String publicKeyId, PublicKey key) {
            if (publicKeyId == null || !publicKeyId.startsWith(PUBLIC_KEY_ID_PREFIX)
                    || publicKeyId.length() == PUBLIC_KEY_ID_PREFIX.length()) {
                throw new IllegalArgumentException("publicKeyId: expected '" + PUBLIC_KEY_ID_PREFIX
                        + "' followed by the id shown in the merchant platform, found "
                        + (publicKeyId == null ? "null" : "'" + publicKeyId + "'"));
            }
            Rsa.requireStrong("WeChat Pay public key " + publicKeyId, key);
            requireNew(publicKeyId);
            publicKeys.put(publicKeyId, key);
            return this;
        }

        public Builder certificate(CertificateInfo certificate) {
            java.util.Objects.requireNonNull(certificate, "certificate");
            requireNew(certificate.serial());
            certificates.put(certificate.serial(), certificate);
            return this;
        }

        /** For a key ring that downloads its certificates: an empty set is where it starts. */
        VerificationKeys buildPossiblyEmpty() {
            return new VerificationKeys(publicKeys, certificates);
        }

        public VerificationKeys build() {
            if (publicKeys.isEmpty() && certificates.isEmpty()) {
                throw new IllegalArgumentException("verification keys: expected at least one WeChat Pay "
                        + "public key or platform certificate, found none");
            }
            return new VerificationKeys(publicKeys, certificates);
        }

        private void requireNew(String serial) {
            if (publicKeys.containsKey(serial) || certificates.containsKey(serial)) {
                throw new IllegalArgumentException("verification keys: serial " + serial + " is given twice");
            }
        }
    }
}
