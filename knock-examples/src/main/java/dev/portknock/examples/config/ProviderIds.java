package dev.portknock.examples.config;

import dev.portknock.spi.ProviderRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The capture and launcher provider ids a server configuration may name in its {@code capture}
 * and {@code launcher} keys: the built-in ones always (a missing backend module is reported when
 * the server is assembled, naming the module to add), and those of the providers on the class
 * path, a third party's among them.
 *
 * @param captures the capture ids, built-in first, then the others sorted
 * @param launchers the launcher ids, built-in first, then the others sorted
 */
public record ProviderIds(List<String> captures, List<String> launchers) {
    /** Validates and copies. */
    public ProviderIds {
        captures = List.copyOf(Objects.requireNonNull(captures, "captures"));
        launchers = List.copyOf(Objects.requireNonNull(launchers, "launchers"));
    }

    /** The built-in ids only: {@code udp-socket}, {@code pcap}, {@code nflog}; {@code process}, {@code nftables}. */
    public static ProviderIds builtIn() {
        return of(List.of(), List.of());
    }

    /** The built-in ids and those of the providers {@link ProviderRegistry} discovers on the class path. */
    public static ProviderIds onClassPath() {
        return of(ProviderRegistry.discoverCaptureProviders().ids(), ProviderRegistry.discoverLauncherProviders().ids());
    }

    /** The built-in ids and these (for instance a registry's {@code ids()}), each once. */
    public static ProviderIds of(Collection<String> captureIds, Collection<String> launcherIds) {
        return new ProviderIds(
                withBuiltIn(CaptureType.BUILT_IN.stream().map(CaptureType::id).toList(), captureIds),
                withBuiltIn(LauncherType.BUILT_IN.stream().map(LauncherType::id).toList(), launcherIds));
    }

    private static List<String> withBuiltIn(List<String> builtIn, Collection<String> others) {
        List<String> ids = new ArrayList<>(builtIn);
        for (String id : new TreeSet<>(others)) {
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** "udp-socket, pcap or nflog": the ids as an error lists them. */
    static String listed(List<String> ids) {
        if (ids.size() == 1) {
            return ids.get(0);
        }
        return String.join(", ", ids.subList(0, ids.size() - 1)) + " or " + ids.get(ids.size() - 1);
    }
}
