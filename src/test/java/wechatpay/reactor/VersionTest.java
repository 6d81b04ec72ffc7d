package wechatpay.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import wechatpay.reactor.cli.Cli;
import wechatpay.reactor.integration.Sandboxed;
import wechatpay.reactor.sandbox.SandboxIdentity;

/**
 * One version everywhere: the CLI's {@code --version} and the User-Agent on the wire both say the POM's
 * {@code project.version}, read here from {@code pom.xml} itself.
 */
class VersionTest {

    private static String pomVersion() throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        var pom = factory.newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        String version = XPathFactory.newInstance().newXPath().evaluate("/project/version", pom).strip();
        assertThat(version).matches("[0-9]+\\.[0-9]+\\.[0-9]+.*");
        return version;
    }

    @Test
    void theCliSaysThePomsVersion() throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Cli.run("--version");
        } finally {
            System.setOut(out);
        }
        assertThat(exit).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8).strip()).isEqualTo("wechatpay-reactor " + pomVersion());
        assertThat(WechatPayClient.VERSION).isEqualTo(pomVersion());
    }

    @Test
    void theUserAgentOnTheWireSaysThePomsVersion() throws Exception {
        CompletableFuture<String> userAgent = new CompletableFuture<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            userAgent.complete(exchange.getRequestHeaders().getFirst("User-Agent"));
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.start();
        SandboxIdentity id = Sandboxed.IDENTITY;
        try (WechatPayClient client = WechatPayClient.builder()
                .merchant(id.mchid(), id.merchantSerial(), id.merchantKeys().getPrivate())
                .wechatPayPublicKey(id.publicKeyId(), id.wechatPayKeys().getPublic())
                .baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .retryPolicy(RetryPolicy.none()).build()) {
            client.chain("v3/credit-repayment/partner/schedule-records/{out_record_id}")
                    .get(Map.of("out_record_id", "V1")).onErrorResume(e -> reactor.core.publisher.Mono.empty())
                    .block(Duration.ofSeconds(10));
            assertThat(userAgent.get(10, TimeUnit.SECONDS)).startsWith("wechatpay-reactor/" + pomVersion() + " (Java/");
        } finally {
            server.stop(0);
        }
    }
}
