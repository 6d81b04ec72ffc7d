package wechatpay.reactor.sandbox;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.CertificateInfo;
import wechatpay.reactor.internal.AesGcm;
import wechatpay.reactor.internal.Nonces;

/**
 * {@code GET /v3/certificates}: the listed platform certificates ({@link PlatformCertificates}, one or two), each
 * sealed under the APIv3 key, or 404 in public-key mode.
 */
final class CertificateList {
    static final String PATH = "/v3/certificates";

    private CertificateList() {
    }

    /** In {@code mode}, the certificates listed now, newest first, each sealed with a fresh nonce. */
    static Answer answer(SandboxIdentity identity, PlatformCertificates certificates, WechatPaySandbox.Mode mode) {
        if (mode == WechatPaySandbox.Mode.PUBLIC_KEY) {
            return Answer.error(404, "RESOURCE_NOT_EXISTS", "this merchant has no platform certificates: "
                    + "it verifies with the WeChat Pay public key", null);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode data = out.putArray("data");
        for (PlatformCertificates.Issued issued : certificates.listedIssued()) {
            data.add(item(identity, issued));
        }
        return Answer.ok(out);
    }

    private static ObjectNode item(SandboxIdentity identity, PlatformCertificates.Issued issued) {
        CertificateInfo cert = issued.info();
        String nonce = Nonces.random().substring(0, 12);
        ObjectNode sealed = JsonNodeFactory.instance.objectNode();
        sealed.put("algorithm", AesGcm.ALGORITHM);
        sealed.put("nonce", nonce);
        sealed.put("associated_data", "certificate");
        sealed.put("ciphertext", identity.seal(nonce, "certificate", issued.pem().getBytes(StandardCharsets.UTF_8)));
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.put("serial_no", cert.serial());
        item.put("effective_time", Ledger.rfc3339(cert.notBefore()));
        item.put("expire_time", Ledger.rfc3339(cert.notAfter()));
        item.set("encrypt_certificate", sealed);
        return item;
    }
}
