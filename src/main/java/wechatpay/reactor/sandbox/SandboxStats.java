package wechatpay.reactor.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the sandbox saw, for tests and harnesses: requests by status (0 = connection reset), the most
 * concurrent requests, the latest requests with their nonces, certificate downloads and callback deliveries.
 * Thread-safe.
 */
public final class SandboxStats {
    /** Status recorded for a request whose connection the sandbox reset. */
    public static final int RESET = 0;
    private static final int KEEP_REQUESTS = 10_000;

    private final Map<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong callbacksDelivered = new AtomicLong();
    private final AtomicLong callbacksFailed = new AtomicLong();
    private final AtomicLong callbackAttempts = new AtomicLong();
    private final AtomicLong decryptedIdentities = new AtomicLong();
    private final AtomicLong certificateDownloads = new AtomicLong();
    private volatile String lastMaskedIdentityId;
    private final Deque<RecordedRequest> recent = new ArrayDeque<>();

    /** One request as the sandbox received it; {@code nonce} is from its Authorization header, if any. */
    public record RecordedRequest(long sequence, String method, String uri, String nonce, int status, String fault) {
    }

    long begin() {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        return requests.incrementAndGet();
    }

    /** Called before the answer leaves, so a client that got its answer always finds it counted. */
    void record(RecordedRequest request) {
        byStatus.computeIfAbsent(request.status(), s -> new AtomicLong()).incrementAndGet();
        synchronized (recent) {
            if (recent.size() == KEEP_REQUESTS) {
                recent.removeFirst();
            }
            recent.addLast(request);
        }
    }

    void finish() {
        inFlight.decrementAndGet();
    }

    void callbackAttempt() {
        callbackAttempts.incrementAndGet();
    }

    void callbackDone(boolean delivered) {
        (delivered ? callbacksDelivered : callbacksFailed).incrementAndGet();
    }

    void certificateDownload() {
        certificateDownloads.incrementAndGet();
    }

    void identityDecrypted(String maskedIdentityId) {
        lastMaskedIdentityId = maskedIdentityId;
        decryptedIdentities.incrementAndGet();
    }

    public long requests() {
        return requests.get();
    }

    public long count(int status) {
        AtomicLong n = byStatus.get(status);
        return n == null ? 0 : n.get();
    }

    public Map<Integer, Long> byStatus() {
        Map<Integer, Long> out = new TreeMap<>();
        byStatus.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** The most requests the sandbox was working on at once. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** The latest requests (up to 10,000), oldest first. */
    public List<RecordedRequest> recentRequests() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    public long callbacksDelivered() {
        return callbacksDelivered.get();
    }

    public long callbacksFailed() {
        return callbacksFailed.get();
    }

    public long callbackAttempts() {
        return callbackAttempts.get();
    }

    /**
     * {@code GET /v3/certificates} requests received, whatever their answer: listed, 404 in public-key mode, refused
     * by the gate, or spoiled by a fault. Counted on arrival, so a client that got its answer finds it counted.
     */
    public long certificateDownloads() {
        return certificateDownloads.get();
    }

    /** Presigns accepted (200) whose {@code real_identity} the sandbox decrypted. */
    public long decryptedIdentities() {
        return decryptedIdentities.get();
    }

    /**
     * The {@code identity_id} of the latest such presign, masked to its last four characters ({@code ****123X});
     * {@code null} before any. The sandbox keeps nothing more of a decrypted identity.
     */
    public String lastMaskedIdentityId() {
        return lastMaskedIdentityId;
    }

    @Override
    public String toString() {
        return "SandboxStats[requests=" + requests() + ", byStatus=" + byStatus() + ", maxInFlight=" + maxInFlight()
                + ", certificateDownloads=" + certificateDownloads() + "]";
    }
}
