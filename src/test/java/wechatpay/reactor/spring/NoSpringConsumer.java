package wechatpay.reactor.spring;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import wechatpay.reactor.ValidationException;
import wechatpay.reactor.WechatPayClient;
import wechatpay.reactor.creditrepayment.ScheduleRecord;
import wechatpay.reactor.integration.Sandboxed;
import wechatpay.reactor.sandbox.WechatPaySandbox;

/**
 * A plain consumer, run by {@link ConsumerWithoutSpringTest} in a JVM without Spring or Micrometer: schedules one
 * record against a sandbox, is refused Reactor Netty's meters (they need Micrometer), then reflects over every
 * public class of the core packages as Spring and Jackson do.
 * Prints {@code OK <classes>} and exits 0, or dies with the error.
 */
public final class NoSpringConsumer {
    static final List<String> CORE = List.of("wechatpay/reactor", "wechatpay/reactor/creditrepayment",
            "wechatpay/reactor/notification", "wechatpay/reactor/sandbox");

    private NoSpringConsumer() {
    }

    public static void main(String[] args) throws Exception {
        try {
            Class.forName("org.springframework.core.io.Resource");
            throw new AssertionError("Spring is on the class path: the test proves nothing");
        } catch (ClassNotFoundException expected) {
            // as it should be
        }
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().seedContracts(1).start();
                WechatPayClient client = Sandboxed.client(sandbox).build()) {
            ScheduleRecord record = client.creditRepayment().scheduleRecords()
                    .create(Sandboxed.item(sandbox.contracts().get(0), "NOSPRING1")).block(Duration.ofSeconds(30));
            if (record == null || !record.outRecordId().equals("NOSPRING1")) {
                throw new AssertionError("not scheduled: " + record);
            }
        }
        try (WechatPaySandbox sandbox = WechatPaySandbox.builder().start()) {
            Sandboxed.client(sandbox).transportMetrics(true).build().close();
            throw new AssertionError("transportMetrics(true) built without Micrometer");
        } catch (ValidationException expected) {
            if (!expected.field().equals("transportMetrics")) {
                throw new AssertionError("the wrong field: " + expected.field(), expected);
            }
        }
        int reflected = 0;
        for (String className : coreClasses()) {
            Class<?> type = Class.forName(className, false, NoSpringConsumer.class.getClassLoader());
            if (Modifier.isPublic(type.getModifiers())) {
                type.getDeclaredMethods();
                type.getDeclaredFields();
                type.getDeclaredConstructors();
                type.getRecordComponents();
                reflected++;
            }
        }
        System.out.println("OK " + reflected);
    }

    private static List<String> coreClasses() throws IOException, URISyntaxException {
        Path classes = Path.of(WechatPayClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> all = CORE.stream().map(classes::resolve).flatMap(NoSpringConsumer::list)) {
            return all.map(p -> classes.relativize(p).toString().replace('/', '.').replaceFirst("\\.class$", ""))
                    .sorted().toList();
        }
    }

    private static Stream<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".class")).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
