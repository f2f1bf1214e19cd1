package dev.portknock.runtime.backend;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The textual form of an address as it goes into a command: IPv4 in dotted decimal, IPv6 in
 * RFC 5952's form (lowercase hex without leading zeros, the longest run of two or more zero
 * groups, the first of equal runs, written {@code ::}), which is what knockd substitutes
 * ({@code inet_ntop}) and what firewall tools print. It is built from the address bytes alone:
 * an IPv6 scope ({@code %eth0}) or a host name never reaches a command, since either may hold
 * characters a shell or nft would interpret, and the firewall matches the address, not the scope.
 * The result holds only digits, dots, colons and the letters a to f.
 */
final class AddressText {
    private static final int GROUPS = 8;

    private AddressText() {
    }

    /** The scope-free textual form of the address. */
    static String of(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        int[] groups = new int[GROUPS];
        for (int i = 0; i < GROUPS; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952 4.2.2: a single zero group is never compressed
        for (int i = 0; i < GROUPS; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int end = i;
            while (end < GROUPS && groups[end] == 0) {
                end++;
            }
            if (end - i > bestLength) {
                bestStart = i;
                bestLength = end - i;
            }
            i = end;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < GROUPS; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
