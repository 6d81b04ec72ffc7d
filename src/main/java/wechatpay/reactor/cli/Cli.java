package wechatpay.reactor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code wechatpay-reactor} command line: {@code java -jar target/wechatpay-reactor-cli.jar <command>}. */
@Command(name = "wechatpay-reactor", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "WeChat Pay APIv3 credit repayment from the command line, with an embedded sandbox.",
        subcommands = {DemoCommand.class, ScheduleCommand.class, QueryCommand.class, PresignCommand.class,
                ContractCommand.class, TerminateCommand.class, DeductCommand.class, CallbackCommand.class,
                CertificatesCommand.class, SelfTestCommand.class, SandboxCommand.class, EnqueueCommand.class,
                WorkerCommand.class,
                CommandLine.HelpCommand.class})
public final class Cli {
    public static void main(String[] args) {
        quietLogs();
        System.exit(run(args));
    }

    /**
     * Reactor Netty warns on every reset connection and the client on every retry; the command reports outcomes
     * itself (progress, summary, result lines), so its console shows only severe log records.
     */
    static void quietLogs() {
        reactor.util.Loggers.useJdkLoggers();
        for (java.util.logging.Logger logger : QUIET) {
            logger.setLevel(java.util.logging.Level.SEVERE);
        }
    }

    /** Held strongly: the logging framework keeps loggers weakly, and a collected one forgets its level. */
    private static final java.util.logging.Logger[] QUIET = {
        java.util.logging.Logger.getLogger("reactor"), java.util.logging.Logger.getLogger("io.netty"),
        java.util.logging.Logger.getLogger("io.lettuce"), java.util.logging.Logger.getLogger("wechatpay.reactor.calls")};

    /** Runs without exiting, for tests: the exit code (0 ok, 1 usage or configuration error, 2 failures). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Cli());
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println(ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help'.");
            return 1;
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("error: " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
            return 1;
        });
        return cli.execute(args);
    }

    /** The version the User-Agent carries too: one source, the build's {@code wechatpay-reactor.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"wechatpay-reactor " + wechatpay.reactor.WechatPayClient.VERSION};
        }
    }
}
