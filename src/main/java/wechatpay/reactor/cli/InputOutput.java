package wechatpay.reactor.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The files of a batch command: the records in, the result lines out. */
final class InputOutput {
    @Option(names = "--input", required = true, paramLabel = "FILE", description = "The records (.csv or .jsonl).")
    Path input;

    @Option(names = "--output", paramLabel = "FILE", description = "Result lines (JSONL); default: none.")
    Path output;
}
