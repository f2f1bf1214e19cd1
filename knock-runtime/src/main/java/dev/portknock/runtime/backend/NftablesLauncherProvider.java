package dev.portknock.runtime.backend;

import dev.portknock.spi.Launcher;
import dev.portknock.spi.LauncherProvider;
import dev.portknock.spi.Requirement;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * The {@code nftables} launcher: opens the protected TCP ports for a source by adding
 * {@code address . port} elements with a timeout to an nftables set, so the kernel closes the
 * hole by itself when the opening ends, even if the server has died.
 *
 * <p>Settings:
 * <ul>
 *   <li>{@code port} (required): the protected TCP port, or several separated by commas.</li>
 *   <li>{@code family} ({@code inet}, {@code ip} or {@code ip6}; default {@code inet}).</li>
 *   <li>{@code table} (default {@code portknock}).</li>
 *   <li>{@code set} (default {@code allowed}): the base name of two sets with
 *       {@code flags timeout}: {@code <set>_v4} of type {@code ipv4_addr . inet_service} and
 *       {@code <set>_v6} of type {@code ipv6_addr . inet_service} (only the first in family
 *       {@code ip}, only the second in {@code ip6}).</li>
 *   <li>{@code chain} (default {@code input}): the chain {@code create} makes.</li>
 *   <li>{@code create} ({@code true} or {@code false}, default {@code false}): create the table,
 *       the sets and an input chain (hook input, priority filter, policy accept) whose rules accept
 *       {@code ip saddr . tcp dport @<set>_v4} (and the IPv6 equivalent) and drop new connections
 *       to the protected ports from anyone else. Existing elements survive; the chain's rules are
 *       replaced, so the chain must belong to portknock. Without {@code create} the sets must
 *       exist already; the launcher checks that when it is created.</li>
 *   <li>{@code nft} (default {@code nft}): the nft program, a path or a name looked up on
 *       {@code PATH}; it is run as {@code <nft> -f -} with the commands on standard input.</li>
 *   <li>{@code timeout} (whole seconds, default 10): how long one nft run may take.</li>
 * </ul>
 * Table, set and chain names must match {@code [A-Za-z][A-Za-z0-9_]{0,31}}; ports are numbers and
 * addresses are written in their numeric form, so no setting or source can inject nft syntax.
 *
 * <p>A repeated knock refreshes the elements' timeout; stopping deletes them, and succeeds when
 * the kernel has expired them already. The elements of a source are identified by address and
 * port alone: two launches for the same source and port share them, and the first stop closes
 * them. Established connections are not cut when the elements go; only new ones are dropped.
 */
public final class NftablesLauncherProvider implements LauncherProvider {
    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public NftablesLauncherProvider() {
    }

    @Override
    public String id() {
        return "nftables";
    }

    @Override
    public Set<Requirement> requirements() {
        return Set.of(Requirement.FIREWALL_PRIVILEGE, Requirement.NFTABLES);
    }

    @Override
    public Launcher create(Map<String, String> settings) throws IOException {
        return NftablesLauncher.configure(settings);
    }
}
