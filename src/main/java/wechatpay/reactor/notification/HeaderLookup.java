package wechatpay.reactor.notification;

import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import wechatpay.reactor.notification.NotificationException.Reason;

/** Finds one header in a multi-valued map whose names may be in any case. */
final class HeaderLookup {
    private HeaderLookup() {
    }

    /**
     * The value of {@code name} (any case), or null when absent. The same value given twice is that value;
     * different values are {@link Reason#MALFORMED_HEADER}: a signed callback carries each header once.
     */
    static @Nullable String single(Map<String, ? extends Collection<String>> headers, String name) {
        String found = null;
        for (Map.Entry<String, ? extends Collection<String>> e : headers.entrySet()) {
            if (e.getKey() == null || !e.getKey().equalsIgnoreCase(name) || e.getValue() == null) {
                continue;
            }
            for (String value : e.getValue()) {
                if (value == null) {
                    continue;
                }
                if (found != null && !found.equals(value)) {
                    throw new NotificationException(Reason.MALFORMED_HEADER, name + " is given more than once "
                            + "with different values");
                }
                found = value;
            }
        }
        return found;
    }
}
