package dev.portknock.runtime.backend;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The textual form of an address as it goes into a command: digits, dots, colons and hex letters
 * only. An IPv6 scope ({@code %eth0}) is dropped, because an interface name may hold characters a
 * shell or nft would interpret, and the firewall matches the address, not the scope.
 */
final class AddressText {
    private static final Pattern SAFE = Pattern.compile("[0-9A-Fa-f:.]+");

    private AddressText() {
    }

    /** The scope-free textual form of the address. */
    static String of(InetAddress address) {
        String text;
        try {
            text = InetAddress.getByAddress(address.getAddress()).getHostAddress();
        } catch (UnknownHostException e) {
            // getByAddress throws only for an array that is not 4 or 16 bytes long
            throw new IllegalStateException("an InetAddress has 4 or 16 bytes", e);
        }
        if (!SAFE.matcher(text).matches()) {
            throw new IllegalStateException("unexpected textual address form: " + text);
        }
        return text;
    }
}
