package wechatpay.reactor.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import wechatpay.reactor.integration.Sandboxed;
import wechatpay.reactor.internal.Pem;
import wechatpay.reactor.sandbox.SandboxIdentity;

/** The sandbox identity's keys as PEM files, and the {@code wechatpay.*} properties that name them. */
final class SpringKeyFiles {
    static final SandboxIdentity IDENTITY = Sandboxed.IDENTITY;

    private SpringKeyFiles() {
    }

    /** mchid, serial, private key, public key id and key: all a client needs; no APIv3 key. */
    static List<String> clientProperties(Path dir) {
        List<String> p = new ArrayList<>();
        p.add("wechatpay.mchid=" + IDENTITY.mchid());
        p.add("wechatpay.merchant-serial=" + IDENTITY.merchantSerial());
        p.add("wechatpay.private-key-location=" + write(dir, "apiclient_key.pem",
                Pem.encode(IDENTITY.merchantKeys().getPrivate())));
        p.add("wechatpay.public-key-id=" + IDENTITY.publicKeyId());
        p.add("wechatpay.public-key-location=file:" + write(dir, "pub_key.pem",
                Pem.encode(IDENTITY.wechatPayKeys().getPublic())));
        return p;
    }

    static String[] withApiV3Key(Path dir) {
        List<String> p = clientProperties(dir);
        p.add("wechatpay.api-v3-key=" + IDENTITY.apiV3KeyText());
        return p.toArray(String[]::new);
    }

    static Path write(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
