package dev.portknock.examples.config;

import java.util.Locale;
import java.util.Optional;

/** The launch backend that opens a door's service; the ids match the launcher providers'. */
public enum LauncherType {
    /** Runs knockd-style commands ({@code start_command}, {@code stop_command}). */
    PROCESS("process"),
    /** Adds the knocking source to an nftables set for a while ({@code nft_*} settings). */
    NFTABLES("nftables");

    private final String id;

    LauncherType(String id) {
        this.id = id;
    }

    /** The provider id, as written in the configuration ({@code process}, {@code nftables}). */
    public String id() {
        return id;
    }

    /** The type with this id (case-insensitive), empty when there is none. */
    public static Optional<LauncherType> byId(String id) {
        String wanted = id.toLowerCase(Locale.ROOT);
        for (LauncherType type : values()) {
            if (type.id.equals(wanted)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
