package wechatpay.reactor;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.Nonces;
import wechatpay.reactor.internal.RawRequest;
import wechatpay.reactor.internal.RawAnswer;
import wechatpay.reactor.internal.Rsa;
import wechatpay.reactor.internal.SigningMessage;
import wechatpay.reactor.internal.Transport;
import wechatpay.reactor.internal.TransportError;

/**
 * A stand-in for WeChat Pay that is not our sandbox: it keeps schedule records by {@code out_record_id} and
 * answers every call with an answer drawn (from a seed, the request's key and how often that key was asked)
 * among everything WeChat Pay may send inside the published schema. It records what it holds and every create
 * that arrived after it had sent a trustworthy answer showing the record. Thread-safe; one per try.
 */
final class SimulatedWechatPay implements Transport {
    private static final String CREATE = "/v3/credit-repayment/partner/schedule-records/batch-create";
    private static final String QUERY = "/v3/credit-repayment/partner/schedule-records/";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Signatures of identical bytes are reused while fresh, so a thousand tries cost few RSA operations. */
    private static final Map<String, String[]> SIGNED = new ConcurrentHashMap<>();
    private static final AtomicLong REQUEST_IDS = new AtomicLong();

    /** Everything WeChat Pay may answer to one call. */
    enum Answer {
        VALID, NO_REQUEST_ID, MISSING_OPTIONAL, UNKNOWN_FIELDS, PROBE, FORGED, STALE, UNPARSEABLE, ACCEPTED,
        PARAM_ERROR, ALREADY_EXISTS, SIGN_ERROR, NOT_FOUND, THROTTLED, SERVER_ERROR, UNAVAILABLE, RESET_BEFORE,
        RESET_AFTER, TIMEOUT;

        /** Answers that a client can trust and that show the record. */
        boolean verifiedRecord() {
            return this == VALID || this == NO_REQUEST_ID || this == MISSING_OPTIONAL || this == UNKNOWN_FIELDS;
        }
    }

    private final long seed;
    private final double faultShare;
    private final int faultyCalls;
    private final Set<Answer> allowed;
    private final boolean refuseRepeats;
    private final Scheduler loop;
    private final Map<String, ObjectNode> held = new ConcurrentHashMap<>();
    private final Set<String> shown = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
    final List<String> createsAfterShown = new CopyOnWriteArrayList<>();
    final AtomicInteger creates = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();

    /**
     * @param faultShare    share of calls that get something other than {@link Answer#VALID}
     * @param faultyCalls   faults only for this many creates, and as many queries, of each record (a server that
     *                      recovers); {@code Integer.MAX_VALUE} for faults that never end
     * @param allowed       the answers to draw faults from
     * @param refuseRepeats a repeated create of a held record is answered 400 (else with the stored record)
     */
    SimulatedWechatPay(long seed, double faultShare, int faultyCalls, Set<Answer> allowed, boolean refuseRepeats,
            Scheduler loop) {
        this.seed = seed;
        this.faultShare = faultShare;
        this.faultyCalls = faultyCalls;
        this.allowed = allowed;
        this.refuseRepeats = refuseRepeats;
        this.loop = loop;
    }

    boolean recovers() {
        return faultyCalls != Integer.MAX_VALUE;
    }

    boolean holds(String outRecordId) {
        return held.containsKey(outRecordId);
    }

    @Override
    public Mono<RawAnswer> exchange(RawRequest request) {
        return Mono.defer(() -> {
            calls.incrementAndGet();
            String path = request.pathAndQuery();
            boolean create = path.equals(CREATE);
            JsonNode body = create ? JSON.readTree(request.body()) : null;
            String id = create ? body.get("schedule_items").get(0).get("out_record_id").stringValue()
                    : path.substring(QUERY.length(), path.indexOf('?'));
            Drawn drawn = draw(id, create);
            return create ? create(id, body, drawn.answer(), drawn.coin()) : query(id, drawn.answer());
        }).publishOn(loop);
    }

    /** The answer and whether an ambiguous one acted, from the seed and the n-th call of this kind for this id. */
    private Drawn draw(String id, boolean create) {
        int n = asked.computeIfAbsent((create ? "C" : "Q") + id, k -> new AtomicInteger()).getAndIncrement();
        java.util.Random random = new java.util.Random(seed * 31 + id.hashCode() * 17L + n * 7919L + (create ? 1 : 2));
        boolean coin = random.nextBoolean();
        if (n >= faultyCalls || random.nextDouble() >= faultShare) {
            return new Drawn(Answer.VALID, coin);
        }
        Answer[] all = allowed.toArray(new Answer[0]);
        java.util.Arrays.sort(all);
        return new Drawn(all[random.nextInt(all.length)], coin);
    }

    private record Drawn(Answer answer, boolean coin) {
    }

    private Mono<RawAnswer> create(String id, JsonNode request, Answer answer, boolean coin) {
        creates.incrementAndGet();
        if (shown.contains(id)) {
            createsAfterShown.add(id);
        }
        boolean acts = switch (answer) {
            case PARAM_ERROR, SIGN_ERROR, NOT_FOUND, THROTTLED, RESET_BEFORE -> false;
            // An ambiguous answer may or may not have acted; so may an untrustworthy one (it may be a forgery).
            case ACCEPTED, SERVER_ERROR, UNAVAILABLE, TIMEOUT, FORGED, PROBE, STALE, UNPARSEABLE -> coin;
            default -> true;
        };
        boolean wasHeld = held.containsKey(id);
        if (answer == Answer.ALREADY_EXISTS && wasHeld || refuseRepeats && wasHeld && answer.verifiedRecord()) {
            return Mono.just(error(400, "INVALID_REQUEST", "out_record_id " + id + " has already been used"));
        }
        if (acts) {
            held.putIfAbsent(id, record(request));
        }
        Answer effective = answer == Answer.ALREADY_EXISTS ? Answer.VALID : answer;
        ObjectNode list = JSON.createObjectNode();
        if (held.containsKey(id)) {
            list.putArray("schedule_records").add(held.get(id).deepCopy());
        }
        return answer(id, list, effective);
    }

    /** A 404 to a query means "no such record": a server that said it of a record it holds would be lying. */
    private Mono<RawAnswer> query(String id, Answer answer) {
        Answer effective = switch (answer) {
            case ACCEPTED, ALREADY_EXISTS, NOT_FOUND -> Answer.VALID;
            default -> answer;
        };
        if (!held.containsKey(id) && (effective.verifiedRecord() || effective == Answer.NOT_FOUND)) {
            return Mono.just(error(404, "RESOURCE_NOT_EXISTS", "no such schedule record"));
        }
        return held.containsKey(id) ? answer(id, held.get(id).deepCopy(), effective)
                : answer(id, JSON.createObjectNode(), effective);
    }

    /** The answer of one kind around {@code body} (the record or list the server would send). */
    private Mono<RawAnswer> answer(String id, ObjectNode body, Answer answer) {
        switch (answer) {
            case PARAM_ERROR:
                return Mono.just(error(400, "PARAM_ERROR", "schedule_items[0].repayment_amount is invalid"));
            case SIGN_ERROR:
                return Mono.just(error(401, "SIGN_ERROR", "signature does not match"));
            case NOT_FOUND:
                return Mono.just(error(404, "RESOURCE_NOT_EXISTS", "no such API"));
            case THROTTLED:
                return Mono.just(error(429, "FREQUENCY_LIMITED", "slow down"));
            case SERVER_ERROR:
                return Mono.just(error(500, "SYSTEM_ERROR", "system error"));
            case UNAVAILABLE:
                return Mono.just(error(503, "SERVICE_UNAVAILABLE", "unavailable"));
            case RESET_BEFORE:
            case RESET_AFTER:
                return Mono.error(new TransportError(TransportError.Kind.RESET, "scripted reset", null));
            case TIMEOUT:
                return Mono.error(new TransportError(TransportError.Kind.TIMEOUT, "scripted timeout", null));
            case ACCEPTED:
                return Mono.just(signed(202, new byte[0], answer));
            case UNPARSEABLE:
                return Mono.just(signed(200, "{\"schedule_records\":[{\"out_record_id\":".getBytes(StandardCharsets.UTF_8),
                        answer));
            default:
                break;
        }
        if (answer == Answer.MISSING_OPTIONAL) {
            strip(body);
        } else if (answer == Answer.UNKNOWN_FIELDS) {
            grow(body);
        }
        if (answer.verifiedRecord()) {
            shown.add(id);
        }
        return Mono.just(signed(200, JSON.writeValueAsBytes(body), answer));
    }

    private static void strip(ObjectNode body) {
        List<String> optional = List.of("contract_id", "sub_appid", "min_repayment_amount", "description", "attach");
        if (body.has("schedule_records")) {
            body.get("schedule_records").forEach(r -> ((ObjectNode) r).remove(optional));
        } else {
            body.remove(optional);
        }
    }

    private static void grow(ObjectNode body) {
        body.put("schema_2027", "new");
        body.putObject("extension").put("level", 2).putArray("tags").add("x");
        if (body.has("schedule_records")) {
            body.get("schedule_records").forEach(r -> ((ObjectNode) r).put("state", "SCHEDULED"));
        }
    }

    private static ObjectNode record(JsonNode request) {
        JsonNode item = request.get("schedule_items").get(0);
        ObjectNode r = JSON.createObjectNode();
        r.put("out_record_id", item.get("out_record_id").stringValue());
        r.put("appid", request.get("appid").stringValue());
        r.put("contract_id", request.get("contract_id").stringValue());
        r.put("openid", request.get("openid").stringValue());
        for (String f : List.of("sub_appid", "repayment_amount", "min_repayment_amount", "repayment_date",
                "description", "attach")) {
            if (item.has(f)) {
                r.set(f, item.get(f));
            }
        }
        return r;
    }

    private static RawAnswer error(int status, String code, String message) {
        return new RawAnswer(status, Map.of(Headers.REQUEST_ID, "SIM-" + REQUEST_IDS.incrementAndGet()),
                ("{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static RawAnswer signed(int status, byte[] body, Answer answer) {
        boolean forged = answer == Answer.FORGED;
        boolean stale = answer == Answer.STALE;
        String key = status + (forged ? "F" : stale ? "S" : "") + new String(body, StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        String[] cached = SIGNED.get(key);
        if (cached == null || now - Long.parseLong(cached[0]) > (stale ? 0 : 120)) {
            KeyPair pair = forged ? PipelineFixtures.FORGER : TestKeys.WECHATPAY;
            String ts = Long.toString(stale ? now - 600 : now);
            String nonce = Nonces.random();
            String signature = Base64.getEncoder().encodeToString(
                    Rsa.sign(pair.getPrivate(), null, SigningMessage.answer(ts, nonce, body)));
            cached = new String[] {stale ? Long.toString(now) : ts, ts, nonce, signature};
            SIGNED.put(key, cached);
        }
        Map<String, String> h = new HashMap<>();
        h.put(Headers.WECHATPAY_TIMESTAMP, cached[1]);
        h.put(Headers.WECHATPAY_NONCE, cached[2]);
        h.put(Headers.WECHATPAY_SIGNATURE, (answer == Answer.PROBE ? Headers.PROBE_PREFIX : "") + cached[3]);
        h.put(Headers.WECHATPAY_SERIAL, TestKeys.PUBLIC_KEY_ID);
        h.put(Headers.CONTENT_TYPE, Headers.JSON);
        if (answer != Answer.NO_REQUEST_ID) {
            h.put(Headers.REQUEST_ID, "SIM-" + REQUEST_IDS.incrementAndGet());
        }
        return new RawAnswer(status, h, body);
    }
}
