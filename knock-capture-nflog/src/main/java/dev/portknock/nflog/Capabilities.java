package dev.portknock.nflog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether this process may change the network configuration ({@code CAP_NET_ADMIN}): the kernel
 * answers "operation not permitted" both when it may not and when another process holds the
 * NFLOG group, and only the capability tells the two apart.
 */
final class Capabilities {
    static final int CAP_NET_ADMIN = 12;
    private static final Path STATUS = Path.of("/proc/self/status");

    private Capabilities() {
    }

    /** Whether the effective capabilities hold {@code CAP_NET_ADMIN}; false when they cannot be read. */
    static boolean hasNetAdmin() {
        try {
            return hasNetAdmin(Files.readAllLines(STATUS));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether the {@code CapEff:} line of a {@code /proc/PID/status} holds {@code CAP_NET_ADMIN}. */
    static boolean hasNetAdmin(List<String> status) {
        for (String line : status) {
            if (line.startsWith("CapEff:")) {
                String hex = line.substring("CapEff:".length()).strip();
                if (hex.isEmpty() || hex.length() > 16 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    return false;
                }
                return (Long.parseUnsignedLong(hex, 16) & (1L << CAP_NET_ADMIN)) != 0;
            }
        }
        return false;
    }
}
