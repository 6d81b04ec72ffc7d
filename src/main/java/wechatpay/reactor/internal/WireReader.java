package wechatpay.reactor.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The one way typed values are read from WeChat Pay's JSON: schedule records, contracts, deduct orders and the
 * callback envelope, in answers and in callbacks alike. Lenient where WeChat Pay has varied (unknown fields ignored; a missing, null
 * or empty optional is absent; amounts as strings or numbers), strict where a value would be wrong: a required
 * field that is missing or malformed is an {@link IllegalArgumentException} naming it with its path, such as
 * {@code schedule_records[0].appid: expected a non-empty JSON string, found 42}. Immutable.
 */
public final class WireReader {
    private final JsonNode node;
    private final String path;
    private final String what;

    private WireReader(JsonNode node, String path, String what) {
        this.node = node;
        this.path = path;
        this.what = what;
    }

    /** Reads {@code node}, which must be a JSON object; {@code what} names it in messages ("schedule record"). */
    public static WireReader of(JsonNode node, String what) {
        return at(node, "", what);
    }

    private static WireReader at(JsonNode node, String path, String what) {
        if (node == null || !node.isObject()) {
            String where = path.isEmpty() ? what : path.substring(0, path.length() - 1);
            throw new IllegalArgumentException(where + ": expected a JSON object, found " + describe(node));
        }
        return new WireReader(node, path, what);
    }

    /** The nested object {@code field}; absent (or null) = empty. */
    public Optional<WireReader> optionalObject(String field) {
        JsonNode value = value(field);
        return value == null ? Optional.empty() : Optional.of(at(value, path + field + ".", what));
    }

    /** The objects of the array {@code field}, which must be present. */
    public List<WireReader> objects(String field, String missingFrom) {
        JsonNode array = value(field);
        if (array == null) {
            throw new IllegalArgumentException(path + field + ": missing from the " + missingFrom);
        }
        if (!array.isArray()) {
            throw invalid(field, "expected an array", array);
        }
        List<WireReader> items = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            items.add(at(array.get(i), path + field + "[" + i + "].", what));
        }
        return items;
    }

    public String text(String field) {
        JsonNode value = value(field);
        if (value == null) {
            throw missing(field);
        }
        if (!value.isString() || value.stringValue().isEmpty()) {
            throw invalid(field, "expected a non-empty JSON string", value);
        }
        return value.stringValue();
    }

    /** An empty string counts as absent. */
    public Optional<String> optionalText(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw invalid(field, "expected a JSON string", value);
        }
        String text = value.stringValue();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** The first of {@code fields} that is present (a renamed field: the current name first). */
    public Optional<String> optionalText(String field, String formerName) {
        Optional<String> current = optionalText(field);
        return current.isPresent() ? current : optionalText(formerName);
    }

    public long fen(String field) {
        return optionalFen(field).orElseThrow(() -> missing(field));
    }

    /** A non-negative integer amount in fen, as a JSON string of digits or a JSON integer. */
    public OptionalLong optionalFen(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= 0) {
            return OptionalLong.of(value.longValue());
        }
        if (value.isString()) {
            String text = value.stringValue();
            if (!text.isEmpty() && text.length() <= 19 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                try {
                    return OptionalLong.of(Long.parseLong(text));
                } catch (NumberFormatException tooLarge) {
                    // falls through to the error below
                }
            }
        }
        throw invalid(field, "expected a non-negative integer amount in fen (JSON string or number)", value);
    }

    /** A small integer, as a JSON integer or a string of digits. */
    public OptionalInt optionalInt(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return OptionalInt.empty();
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return OptionalInt.of(value.intValue());
        }
        if (value.isString() && value.stringValue().matches("-?[0-9]{1,9}")) {
            return OptionalInt.of(Integer.parseInt(value.stringValue()));
        }
        throw invalid(field, "expected an integer", value);
    }

    public LocalDate date(String field) {
        JsonNode value = value(field);
        if (value == null) {
            throw missing(field);
        }
        if (value.isString()) {
            try {
                return LocalDate.parse(value.stringValue(), DateTimeFormatter.ISO_LOCAL_DATE);
            } catch (DateTimeParseException e) {
                // falls through to the error below
            }
        }
        throw invalid(field, "expected a yyyy-MM-dd date string", value);
    }

    public OffsetDateTime time(String field) {
        return optionalTime(field).orElseThrow(() -> missing(field));
    }

    /** An RFC 3339 time such as {@code 2026-12-01T10:00:00+08:00}. */
    public Optional<OffsetDateTime> optionalTime(String field) {
        Optional<String> text = optionalText(field);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.get(), DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        } catch (DateTimeParseException e) {
            throw invalid(field, "expected an RFC 3339 time such as 2026-12-01T10:00:00+08:00", value(field));
        }
    }

    /**
     * The constant whose wire name is the field's text, else {@code unknown}: a value WeChat Pay adds later is
     * kept as text beside it, never an exception.
     */
    public static <E extends Enum<E>> E known(Class<E> type, Function<E, String> wireName, String text, E unknown) {
        for (E e : type.getEnumConstants()) {
            if (e != unknown && wireName.apply(e).equals(text)) {
                return e;
            }
        }
        return unknown;
    }

    /** The field's value, or {@code null} if it is missing or JSON null. */
    private JsonNode value(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : value;
    }

    private IllegalArgumentException missing(String field) {
        return new IllegalArgumentException(path + field + ": required, missing from the " + what);
    }

    private IllegalArgumentException invalid(String field, String expected, JsonNode value) {
        return new IllegalArgumentException(path + field + ": " + expected + ", found " + describe(value));
    }

    public static String describe(JsonNode value) {
        if (value == null) {
            return "nothing";
        }
        return value.isString() ? Excerpt.quoted(value.stringValue()) : Excerpt.of(value.toString());
    }
}
