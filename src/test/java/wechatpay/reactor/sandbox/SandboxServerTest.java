package wechatpay.reactor.sandbox;

import wechatpay.reactor.internal.RequestAuthorizer;
import static org.assertj.core.api.Assertions.assertThat;
import static wechatpay.reactor.sandbox.SandboxFixtures.IDENTITY;
import static wechatpay.reactor.sandbox.SandboxFixtures.SCHEDULE;
import static wechatpay.reactor.sandbox.SandboxFixtures.schedule;
import static wechatpay.reactor.sandbox.SandboxFixtures.text;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import wechatpay.reactor.RequestSigner;
import wechatpay.reactor.internal.Authorization;
import wechatpay.reactor.internal.Certificates;
import wechatpay.reactor.internal.Headers;
import wechatpay.reactor.internal.SigningMessage;
import wechatpay.reactor.internal.Verdict.Kind;

/** The sandbox over real HTTP on loopback: request checks, signed answers, the schedule API. */
class SandboxServerTest extends SandboxTestBase {
    @Test
    void listensOnALoopbackPortAndSeedsEffectiveContracts() {
        assertThat(sandbox.baseUrl()).startsWith("http://127.0.0.1:").doesNotEndWith("/");
        assertThat(sandbox.port()).isPositive();
        assertThat(sandbox.contracts()).hasSize(4).allSatisfy(c -> assertThat(c.state()).isEqualTo(Contract.EFFECTIVE));
    }

    @Test
    void scheduleAnswersASignedRecordWithWechatPaysExactHeaders() {
        SandboxCaller.Answer a = caller.post(SCHEDULE, text(schedule(contract, "R0001", 10_000)));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.verdict().kind()).isEqualTo(Kind.VALID);
        assertThat(a.headers()).containsKeys("Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature",
                "Wechatpay-Serial", "Request-ID", "Content-Type");
        assertThat(a.header("Wechatpay-Serial")).isEqualTo(IDENTITY.publicKeyId());
        assertThat(a.header("Content-Type")).isEqualTo("application/json");
        JsonNode record = a.json().get("schedule_records").get(0);
        assertThat(record.get("out_record_id").stringValue()).isEqualTo("R0001");
        assertThat(record.get("repayment_amount").stringValue()).isEqualTo("10000");
        assertThat(record.get("contract_id").stringValue()).isEqualTo(contract.contractId());
        assertThat(sandbox.created("R0001")).isEqualTo(1);
    }

    @Test
    void queryFindsTheRecordByOutRecordIdAndContractId() {
        caller.post(SCHEDULE, text(schedule(contract, "R0002", 20_000)));
        SandboxCaller.Answer a = caller.get("/v3/credit-repayment/partner/schedule-records/R0002?contract_id="
                + contract.contractId());
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.verdict().isValid()).isTrue();
        assertThat(a.json().get("out_record_id").stringValue()).isEqualTo("R0002");
        SandboxCaller.Answer missing = caller.get("/v3/credit-repayment/partner/schedule-records/NOPE?contract_id="
                + contract.contractId());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("code").stringValue()).isEqualTo("RESOURCE_NOT_EXISTS");
    }

    @Test
    void repeatedOutRecordIdSameContentGivesTheRecordDifferentContentIsRefused() {
        String body = text(schedule(contract, "R0003", 10_000));
        SandboxCaller.Answer first = caller.post(SCHEDULE, body);
        SandboxCaller.Answer again = caller.post(SCHEDULE, body);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
        SandboxCaller.Answer changed = caller.post(SCHEDULE, text(schedule(contract, "R0003", 10_001)));
        assertThat(changed.status()).isEqualTo(400);
        assertThat(changed.json().get("code").stringValue()).isEqualTo("INVALID_REQUEST");
        assertThat(sandbox.created("R0003")).isEqualTo(1);
        assertThat(sandbox.accepted("R0003")).isEqualTo(2);
    }

    @Test
    void aBadFieldIsParamErrorWithAJsonPointer() {
        var body = schedule(contract, "R-0004", 10_000);
        SandboxCaller.Answer a = caller.post(SCHEDULE, text(body));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("code").stringValue()).isEqualTo("PARAM_ERROR");
        assertThat(a.json().at("/detail/field").stringValue()).isEqualTo("/schedule_items/0/out_record_id");
    }

    @Test
    void aBodyThatIsNotJsonIsParamError() {
        SandboxCaller.Answer a = caller.post(SCHEDULE, "{\"contract_id\":");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("code").stringValue()).isEqualTo("PARAM_ERROR");
    }

    @Test
    void acceptAndUserAgentAreRequired() throws Exception {
        // Reactor Netty's client adds Accept and User-Agent by itself, so these go over a raw socket.
        String body = text(schedule(contract, "R0005", 10_000));
        String noAccept = raw(body, "User-Agent: raw-test\r\n");
        assertThat(noAccept).startsWith("HTTP/1.1 400").contains("INVALID_REQUEST").contains("Accept header is required");
        String noAgent = raw(body, "Accept: application/json\r\n");
        assertThat(noAgent).startsWith("HTTP/1.1 400").contains("User-Agent header is required");
        String both = raw(body, "Accept: application/json\r\nUser-Agent: raw-test\r\n");
        assertThat(both).startsWith("HTTP/1.1 200");
        assertThat(sandbox.created("R0005")).isEqualTo(1);
    }

    /** A correctly signed POST of {@code body} with only {@code extraHeaders} besides Authorization and Content-*. */
    private String raw(String body, String extraHeaders) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String auth = new RequestAuthorizer(IDENTITY.mchid(),
                RequestSigner.rsa(IDENTITY.merchantSerial(), IDENTITY.merchantKeys().getPrivate()),
                java.time.Clock.systemUTC(), wechatpay.reactor.internal.Nonces::random)
                .sign("POST", SCHEDULE, bytes).map(RequestAuthorizer.Signed::header).block(Duration.ofSeconds(10));
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", sandbox.port())) {
            socket.setSoTimeout(10_000);
            String head = "POST " + SCHEDULE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + auth
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n" + extraHeaders
                    + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aMissingAuthorizationIsSignError() {
        SandboxCaller.Answer a = caller.call("GET", "/v3/certificates", null, h -> h.remove(Headers.AUTHORIZATION));
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.json().get("code").stringValue()).isEqualTo("SIGN_ERROR");
    }

    @Test
    void aRequestSignedWithTheWrongKeyIsSignErrorWithSignInformation() {
        RequestSigner wrong = RequestSigner.rsa(IDENTITY.merchantSerial(), Certificates.rsaKeyPair(2048).getPrivate());
        try (SandboxCaller forger = new SandboxCaller(sandbox, wrong, Clock.systemUTC())) {
            String body = text(schedule(contract, "R0006", 10_000));
            SandboxCaller.Answer a = forger.post(SCHEDULE, body);
            assertThat(a.status()).isEqualTo(401);
            assertThat(a.json().get("code").stringValue()).isEqualTo("SIGN_ERROR");
            JsonNode info = a.json().at("/detail/sign_information");
            assertThat(info.get("method").stringValue()).isEqualTo("POST");
            assertThat(info.get("url").stringValue()).isEqualTo(SCHEDULE);
            int ourLength = SigningMessage.request("POST", SCHEDULE, 0L, "x".repeat(32),
                    body.getBytes(StandardCharsets.UTF_8)).length - 1 + Long.toString(java.time.Instant.now()
                    .getEpochSecond()).length();
            assertThat(info.get("sign_message_length").asInt()).isBetween(ourLength - 2, ourLength + 2);
            assertThat(info.get("truncated_sign_message").stringValue()).startsWith("POST\n" + SCHEDULE + "\n");
            assertThat(sandbox.created("R0006")).isZero();
        }
    }

    @Test
    void aStaleTimestampAWrongMchidOrAWrongSerialIsSignError() {
        Clock old = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-6));
        RequestSigner right = RequestSigner.rsa(IDENTITY.merchantSerial(), IDENTITY.merchantKeys().getPrivate());
        try (SandboxCaller late = new SandboxCaller(sandbox, right, old)) {
            assertThat(late.get("/v3/certificates").status()).isEqualTo(401);
        }
        RequestSigner otherSerial = RequestSigner.rsa("ABCDEF", IDENTITY.merchantKeys().getPrivate());
        try (SandboxCaller wrongSerial = new SandboxCaller(sandbox, otherSerial, Clock.systemUTC())) {
            SandboxCaller.Answer a = wrongSerial.get("/v3/certificates");
            assertThat(a.status()).isEqualTo(401);
            assertThat(a.json().get("message").stringValue()).contains("serial_no ABCDEF");
        }
        SandboxCaller.Answer wrongMchid = caller.call("GET", "/v3/certificates", null, h -> h.put(Headers.AUTHORIZATION,
                h.get(Headers.AUTHORIZATION).replace("mchid=\"" + IDENTITY.mchid() + "\"", "mchid=\"1234567890\"")));
        assertThat(wrongMchid.status()).isEqualTo(401);
        assertThat(wrongMchid.json().get("message").stringValue()).contains("mchid 1234567890");
    }

    @Test
    void authorizationPairsAreAcceptedInAnyOrder() {
        SandboxCaller.Answer a = caller.call("GET", "/v3/credit-repayment/partner/schedule-records/NONE?contract_id=C",
                null, h -> {
                    Map<String, String> pairs = Authorization.parse(h.get(Headers.AUTHORIZATION)).orElseThrow();
                    h.put(Headers.AUTHORIZATION, Headers.SIGNATURE_TYPE + " signature=\"" + pairs.get("signature")
                            + "\", serial_no=\"" + pairs.get("serial_no") + "\", timestamp=\"" + pairs.get("timestamp")
                            + "\", nonce_str=\"" + pairs.get("nonce_str") + "\", mchid=\"" + pairs.get("mchid") + "\"");
                });
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.verdict().isValid()).isTrue();
    }

    @Test
    void publicKeyModeHasNoCertificates() {
        SandboxCaller.Answer a = caller.get("/v3/certificates");
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.json().get("code").stringValue()).isEqualTo("RESOURCE_NOT_EXISTS");
    }

    @Test
    void unknownPathsAreResourceNotExists() {
        assertThat(caller.get("/v3/pay/transactions/id/1?mchid=1").status()).isEqualTo(404);
    }

    @Test
    void countsRequestsByStatusAndRecordsNonces() {
        caller.post(SCHEDULE, text(schedule(contract, "R0007", 10_000)));
        caller.get("/v3/certificates");
        assertThat(sandbox.stats().count(200)).isEqualTo(1);
        assertThat(sandbox.stats().count(404)).isEqualTo(1);
        List<SandboxStats.RecordedRequest> recent = sandbox.stats().recentRequests();
        assertThat(recent).hasSize(2);
        assertThat(recent.get(0).uri()).isEqualTo(SCHEDULE);
        assertThat(recent.get(0).nonce()).hasSize(32).isNotEqualTo(recent.get(1).nonce());
    }

    @Test
    void nothingIsCreatedWithoutAValidSignature() {
        SandboxCaller.Answer a = caller.call("POST", SCHEDULE, text(schedule(contract, "R0008", 10_000)),
                h -> h.put(Headers.AUTHORIZATION, "WECHATPAY2-SHA256-RSA2048 garbage"));
        assertThat(a.status()).isEqualTo(401);
        assertThat(sandbox.created("R0008")).isZero();
    }
}
