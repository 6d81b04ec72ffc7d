package wechatpay.reactor.internal;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one way typed values are written as WeChat Pay's JSON, the counterpart of {@link WireReader}: absent values
 * are left out (never JSON null), amounts in fen are strings, times RFC 3339. Not thread-safe; one per object.
 */
public final class WireWriter {
    private final ObjectNode node = JsonNodeFactory.instance.objectNode();

    public WireWriter text(String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
        return this;
    }

    public WireWriter text(String field, Optional<String> value) {
        return text(field, value.orElse(null));
    }

    public WireWriter fen(String field, long fen) {
        node.put(field, Long.toString(fen));
        return this;
    }

    public WireWriter fen(String field, OptionalLong fen) {
        return fen.isPresent() ? fen(field, fen.getAsLong()) : this;
    }

    public WireWriter integer(String field, OptionalInt value) {
        value.ifPresent(v -> node.put(field, v));
        return this;
    }

    public WireWriter time(String field, Optional<OffsetDateTime> time) {
        time.ifPresent(t -> node.put(field, t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
        return this;
    }

    public ObjectNode node() {
        return node;
    }
}
