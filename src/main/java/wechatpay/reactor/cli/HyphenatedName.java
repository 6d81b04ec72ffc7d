package wechatpay.reactor.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An enum option written as its constant's name in lower case with hyphens ({@code ANSWER_STORED} is
 * {@code answer-stored}); any other spelling is a usage error listing the accepted names. A subclass per enum,
 * because picocli creates converters by their no-argument constructor.
 */
abstract class HyphenatedName<E extends Enum<E>> implements ITypeConverter<E> {
    private final Class<E> type;

    HyphenatedName(Class<E> type) {
        this.type = type;
    }

    static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public E convert(String value) {
        for (E constant : type.getEnumConstants()) {
            if (of(constant).equals(value.strip())) {
                return constant;
            }
        }
        List<String> names = Arrays.stream(type.getEnumConstants()).map(HyphenatedName::of).toList();
        String accepted = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        throw new TypeConversionException("expected " + accepted + ", found '" + value + "'");
    }
}
