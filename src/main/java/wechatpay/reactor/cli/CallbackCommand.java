package wechatpay.reactor.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import wechatpay.reactor.notification.Notification;
import wechatpay.reactor.notification.NotificationException;
import wechatpay.reactor.notification.NotificationParser;
import wechatpay.reactor.sandbox.FaultRates;

/** {@code callback}: verify and decrypt one callback WeChat Pay sent. */
@Command(name = "callback", mixinStandardHelpOptions = true,
        description = {"Verify and decrypt one credit-repayment callback.",
                "It prints the event as one JSON object: id, create_time, event_type, summary, sp_mchid / sub_mchid when sent, and the resource"
                        + " with the wire field names. The signature is checked over the raw body before anything is"
                        + " decrypted; a timestamp 300 s or more off, a probe, an unknown key or any changed byte"
                        + " fails. The WeChat Pay key and the APIv3 key (apiv3_key) come from --config or"
                        + " WECHATPAY_* like the other credentials.",
                "Exit code: 0 verified, 2 not verified (the reason on stderr), 1 usage or configuration"
                        + " error."})
final class CallbackCommand implements Callable<Integer> {
    @Option(names = "--headers", required = true, paramLabel = "FILE", description = "The callback's headers as 'Name: value' lines, as curl -D writes them; a status or"
                    + " request line is allowed and ignored.")
    Path headers;

    @Option(names = "--body", required = true, paramLabel = "FILE", description = "The callback's raw body bytes.")
    Path body;

    @Option(names = "--config", paramLabel = "FILE", description = "Merchant configuration (see 'schedule --help').")
    Path config;

    @Override
    public Integer call() {
        if (config == null && System.getenv("WECHATPAY_MCHID") == null) {
            throw new UsageException("callback needs the merchant's configuration: --config FILE or WECHATPAY_*");
        }
        Map<String, List<String>> headerLines = headers(read(headers, "--headers"));
        byte[] raw = read(body, "--body");
        try (Target target = Target.resolve(config, false, System.getenv(), new CallOptions().limits(),
                FaultRates.NONE)) {
            NotificationParser parser = NotificationParser.forClient(target.client, target.config.apiV3Key());
            Notification event = parser.parse(headerLines, raw).block(Duration.ofSeconds(30));
            System.out.println(json(event));
            return 0;
        } catch (NotificationException e) {
            System.err.println("not verified: " + e.reason() + ": " + e.getMessage());
            return 2;
        }
    }

    private static byte[] read(Path file, String option) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageException(option + " " + file + ": cannot read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** {@code Name: value} lines; the first line may be an HTTP status or request line; names in any case. */
    static Map<String, List<String>> headers(byte[] text) {
        Map<String, List<String>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String[] lines = new String(text, StandardCharsets.UTF_8).split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || i == 0 && line.contains("HTTP/")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new UsageException("--headers: line " + (i + 1) + " is not 'Name: value'");
            }
            out.computeIfAbsent(line.substring(0, colon).strip(), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        return out;
    }

    static ObjectNode json(Notification event) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", event.id());
        n.put("create_time", event.createTime().toString());
        n.put("event_type", event.eventType());
        n.put("summary", event.summary());
        if (event instanceof Notification.ContractSigned s) {
            s.spMchid().ifPresent(v -> n.put("sp_mchid", v));
            n.set("resource", s.contract().toJson());
        } else if (event instanceof Notification.ContractTerminated t) {
            t.spMchid().ifPresent(v -> n.put("sp_mchid", v));
            n.set("resource", t.contract().toJson());
        } else if (event instanceof Notification.DeductionPaid d) {
            d.spMchid().ifPresent(v -> n.put("sp_mchid", v));
            d.subMchid().ifPresent(v -> n.put("sub_mchid", v));
            n.set("resource", d.order().toJson());
        } else {
            n.set("resource", ((Notification.Other) event).resource());
        }
        return n;
    }
}
