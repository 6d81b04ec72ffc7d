package wechatpay.reactor.internal;

import java.io.IOException;
import java.net.InetAddress;

/** Whether a URL's host is this machine, where plain {@code http://} is acceptable (a sandbox). */
public final class LoopbackHost {

    private LoopbackHost() {
    }

    /** Only literal addresses and {@code localhost} count: a name is never looked up here. */
    public static boolean is(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();  // bracketed: parsed as IPv6, never resolved
            } catch (IOException e) {
                return false;
            }
        }
        String[] octets = host.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (!octet.matches("[0-9]{1,3}") || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return Integer.parseInt(octets[0]) == 127;
    }
}
