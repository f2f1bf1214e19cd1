package dev.portknock.runtime.backend;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The nft commands of the nftables launcher, as text for {@code nft -f -}. Everything that goes
 * into the text is validated: names against {@link #NAME}, ports as numbers, addresses in the
 * digits-and-colons form of {@link AddressText}, so nothing can add a command or a token.
 *
 * <p>Each script is one nft transaction: it applies completely or not at all.
 *
 * @param family the table's family: {@code inet}, {@code ip} or {@code ip6}
 * @param table the table name
 * @param set the base name of the sets; IPv4 sources go to {@code <set>_v4}, IPv6 sources to
 *     {@code <set>_v6}
 * @param chain the input chain created with the table
 * @param ports the protected TCP ports, ascending, without duplicates
 */
record NftablesScript(String family, String table, String set, String chain, List<Integer> ports) {
    /** What table, set and chain names must look like. */
    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");

    /** The families the launcher supports. */
    static final List<String> FAMILIES = List.of("inet", "ip", "ip6");

    /** Validates every part that goes into the text. */
    NftablesScript {
        Objects.requireNonNull(family, "family");
        if (!FAMILIES.contains(family)) {
            throw new IllegalArgumentException("family must be inet, ip or ip6: " + family);
        }
        requireName("table", table);
        requireName("set", set);
        requireName("chain", chain);
        ports = List.copyOf(ports);
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("at least one port is required");
        }
        for (int port : ports) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be in 1..65535: " + port);
            }
        }
    }

    private static void requireName(String what, String name) {
        Objects.requireNonNull(name, what);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be a letter followed by up to 31 letters, digits"
                    + " or underscores: " + name);
        }
    }

    /** Whether the family holds IPv4 sources. */
    boolean holdsIpv4() {
        return !family.equals("ip6");
    }

    /** Whether the family holds IPv6 sources. */
    boolean holdsIpv6() {
        return !family.equals("ip");
    }

    /** The set IPv4 sources go to. */
    String ipv4Set() {
        return set + "_v4";
    }

    /** The set IPv6 sources go to. */
    String ipv6Set() {
        return set + "_v6";
    }

    /** The set that holds the address, if the family has one for its version. */
    Optional<String> setFor(InetAddress address) {
        if (address instanceof Inet4Address) {
            return holdsIpv4() ? Optional.of(ipv4Set()) : Optional.empty();
        }
        return holdsIpv6() ? Optional.of(ipv6Set()) : Optional.empty();
    }

    /**
     * Creates the table, its sets and its input chain, and (re)writes the chain's rules: accept
     * the sets' {@code address . port} pairs, drop new connections to the protected ports from
     * anyone else. Elements already in existing sets survive, so a restarted server leaves open
     * holes open until their kernel timeouts. The chain is flushed: it belongs to the launcher.
     */
    String create() {
        List<String> lines = new ArrayList<>();
        String where = family + " " + table;
        lines.add("add table " + where);
        if (holdsIpv4()) {
            lines.add("add set " + where + " " + ipv4Set() + " { type ipv4_addr . inet_service; flags timeout; }");
        }
        if (holdsIpv6()) {
            lines.add("add set " + where + " " + ipv6Set() + " { type ipv6_addr . inet_service; flags timeout; }");
        }
        lines.add("add chain " + where + " " + chain
                + " { type filter hook input priority filter; policy accept; }");
        lines.add("flush chain " + where + " " + chain);
        if (holdsIpv4()) {
            lines.add("add rule " + where + " " + chain + " ip saddr . tcp dport @" + ipv4Set() + " accept");
        }
        if (holdsIpv6()) {
            lines.add("add rule " + where + " " + chain + " ip6 saddr . tcp dport @" + ipv6Set() + " accept");
        }
        lines.add("add rule " + where + " " + chain + " tcp dport { " + portList() + " } ct state new drop");
        return script(lines);
    }

    /**
     * One script per set that lists it, which fails when the table or the set does not exist.
     * Separate scripts, because nft 1.0.6 fails a batch of several {@code list set} commands
     * (its cache holds only the last command's set).
     */
    List<String> checks() {
        List<String> scripts = new ArrayList<>();
        if (holdsIpv4()) {
            scripts.add(script(List.of("list set " + family + " " + table + " " + ipv4Set())));
        }
        if (holdsIpv6()) {
            scripts.add(script(List.of("list set " + family + " " + table + " " + ipv6Set())));
        }
        return List.copyOf(scripts);
    }

    /**
     * Puts the address's elements in its set with a fresh timeout, whether they are there already
     * or not: a placeholder is added (a no-op when present), deleted, and added again with the
     * timeout. A plain {@code add} of a present element keeps its old timeout on older kernels,
     * and a {@code delete} of an absent one fails; the three together always apply.
     *
     * @throws IllegalArgumentException when the family has no set for the address's version
     */
    String open(InetAddress address, Duration timeout) {
        String target = target(address);
        String text = AddressText.of(address);
        String timeoutText = "timeout " + millisRoundedUp(timeout) + "ms";
        return script(List.of(
                "add element " + target + " { " + elements(text, "timeout 1s") + " }",
                "delete element " + target + " { " + elements(text, "") + " }",
                "add element " + target + " { " + elements(text, timeoutText) + " }"));
    }

    /**
     * Deletes the address's elements, whether they are there or the kernel has expired them
     * already: a placeholder is added (a no-op when present) and deleted.
     *
     * @throws IllegalArgumentException when the family has no set for the address's version
     */
    String close(InetAddress address) {
        String target = target(address);
        String text = AddressText.of(address);
        return script(List.of(
                "add element " + target + " { " + elements(text, "timeout 1s") + " }",
                "delete element " + target + " { " + elements(text, "") + " }"));
    }

    private String target(InetAddress address) {
        String name = setFor(address).orElseThrow(() -> new IllegalArgumentException(
                "family " + family + " has no set for " + (address instanceof Inet4Address ? "ipv4" : "ipv6")
                        + " source " + AddressText.of(address)));
        return family + " " + table + " " + name;
    }

    private String elements(String address, String suffix) {
        String tail = suffix.isEmpty() ? "" : " " + suffix;
        return ports.stream().map(port -> address + " . " + port + tail).collect(Collectors.joining(", "));
    }

    private String portList() {
        return ports.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static long millisRoundedUp(Duration duration) {
        long millis = duration.toMillis();
        return duration.minusMillis(millis).isZero() ? millis : millis + 1;
    }

    private static String script(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }
}
