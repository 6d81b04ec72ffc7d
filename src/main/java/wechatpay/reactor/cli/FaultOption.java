package wechatpay.reactor.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.TypeConversionException;
import wechatpay.reactor.sandbox.Fault;

/**
 * {@code sandbox --fault KIND=RATE}: KIND is the {@link Fault#cliName()} of a fault, RATE the share of requests
 * that get it, in [0, 1]. The kinds and their descriptions come from {@link Fault}, so a new fault shows up in
 * {@code --help} and is accepted here without a change to the command.
 */
final class FaultOption {
    private FaultOption() {
    }

    /** Every kind, comma-separated, in {@link Fault} order. */
    static String kinds() {
        return Arrays.stream(Fault.values()).map(Fault::cliName).collect(Collectors.joining(", "));
    }

    /** KIND: a fault's CLI name. */
    static final class Kind implements ITypeConverter<Fault> {
        @Override
        public Fault convert(String value) {
            return Fault.byCliName(value.strip().toLowerCase(Locale.ROOT)).orElseThrow(() ->
                    new TypeConversionException("unknown fault kind '" + value + "'; expected one of: " + kinds()));
        }
    }

    /** RATE: a number in [0, 1]. */
    static final class Rate implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double rate;
            try {
                rate = Double.parseDouble(value.strip());
            } catch (NumberFormatException e) {
                rate = Double.NaN;
            }
            if (!(rate >= 0 && rate <= 1)) {
                throw new TypeConversionException("rate '" + value + "': expected a number in [0, 1], e.g. 0.05");
            }
            return rate;
        }
    }

    /** Lists the kinds with their descriptions at the end of the command's help. */
    static final class Help implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            int width = Arrays.stream(Fault.values()).mapToInt(f -> f.cliName().length()).max().orElse(0);
            List<String> lines = new ArrayList<>();
            lines.add("");
            lines.add("Fault kinds for --fault KIND=RATE (rates add up to at most 1):");
            for (Fault fault : Fault.values()) {
                // Help lines are format strings: a literal percent sign must be doubled.
                lines.add(String.format(Locale.ROOT, "  %-" + width + "s  %s", fault.cliName(), fault.description())
                        .replace("%", "%%"));
            }
            spec.usageMessage().footer(lines.toArray(String[]::new));
            return spec;
        }
    }
}
