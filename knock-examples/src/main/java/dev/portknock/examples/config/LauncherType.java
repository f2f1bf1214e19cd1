package dev.portknock.examples.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The launch backend that opens a door's service, named by its provider's id: one of the
 * built-in ones below, or any other launcher provider on the class path (a third party's).
 *
 * @param id the provider id, lowercase letters, digits, {@code .}, {@code _} and {@code -}, as
 *           written in the configuration's {@code launcher} key
 */
public record LauncherType(String id) {
    /** Runs knockd-style commands ({@code start_command}, {@code stop_command}). */
    public static final LauncherType PROCESS = new LauncherType("process");
    /** Adds the knocking source to an nftables set for a while ({@code nft_*} settings). */
    public static final LauncherType NFTABLES = new LauncherType("nftables");
    /** The built-in launch backends, in the order configuration errors list them. */
    public static final List<LauncherType> BUILT_IN = List.of(PROCESS, NFTABLES);

    /** Validates the id. */
    public LauncherType {
        CaptureType.requireProviderId(id);
    }

    /** The built-in type with this id (case-insensitive), empty when there is none. */
    public static Optional<LauncherType> byId(String id) {
        String wanted = id.toLowerCase(Locale.ROOT);
        return BUILT_IN.stream().filter(type -> type.id.equals(wanted)).findFirst();
    }
}
