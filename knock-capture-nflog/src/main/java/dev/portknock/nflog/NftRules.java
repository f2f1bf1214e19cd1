package dev.portknock.nflog;

import dev.portknock.core.PortRange;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.core.Transport;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The nft scripts of one nflog capture: a table of its own, {@code inet portknock_nflog_<group>},
 * whose single chain sends each door's packets (per protocol, port range and TCP flags; on the
 * interface and to the listen address when given) to the NFLOG group and drops them.
 *
 * <p>The chain hooks input at priority {@code filter - 10}: before the chains of the usual
 * filter priority, the nftables launcher's included, so a knock is logged even when such a chain
 * would drop it; and at a priority of its own, so the order never depends on which table came
 * first. Its policy is accept: it drops only what it logs.
 *
 * <p>Everything that goes into the text is validated: ports are numbers, addresses numeric, the
 * interface name restricted to {@link #INTERFACE}, so nothing can add a command or a token.
 *
 * @param group the NFLOG group, 0..65535
 * @param ports the doors' port ranges
 * @param networkInterface the interface knocks arrive on, if only one
 * @param listen the local address knocks are sent to, if only one
 */
record NftRules(int group, List<PortRange> ports, Optional<String> networkInterface, Optional<InetAddress> listen) {
    /** Interface names the rules accept: what Linux allows, less quoting and wildcard characters. */
    static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9._@+-]{1,15}");
    /** The family of the table: one table for IPv4 and IPv6. */
    static final String FAMILY = "inet";
    /** The table name before the group number. */
    static final String TABLE_PREFIX = "portknock_nflog_";
    private static final String[] FLAG_NAMES = {"fin", "syn", "rst", "psh", "ack", "urg"};

    /** Validates and copies. */
    NftRules {
        if (group < 0 || group > 0xFFFF) {
            throw new IllegalArgumentException("nflog group must be in 0..65535: " + group);
        }
        ports = List.copyOf(ports);
        Objects.requireNonNull(networkInterface, "networkInterface");
        Objects.requireNonNull(listen, "listen");
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("a capture needs at least one port range");
        }
        networkInterface.ifPresent(name -> {
            if (!INTERFACE.matcher(name).matches()) {
                throw new IllegalArgumentException(NflogMessages.badInterface(name));
            }
        });
    }

    /** The table's name, unique to the group: one process can bind a group, so one owns the table. */
    String table() {
        return TABLE_PREFIX + group;
    }

    /** {@code inet <table>}. */
    String qualifiedTable() {
        return FAMILY + " " + table();
    }

    /**
     * Replaces the table in one transaction: a table left by an earlier run that was killed goes,
     * the new one comes, and there is no moment without either.
     */
    String install() {
        return "add table " + qualifiedTable() + "\ndelete table " + qualifiedTable() + "\n" + definition();
    }

    /** The table with its chain and rules, in nft's own notation. */
    String definition() {
        List<String> lines = new ArrayList<>();
        lines.add("table " + qualifiedTable() + " {");
        lines.add("\tchain knocks {");
        lines.add("\t\ttype filter hook input priority filter - 10; policy accept;");
        for (PortRange range : ports) {
            lines.add("\t\t" + rule(range));
        }
        lines.add("\t}");
        lines.add("}");
        return String.join("\n", lines) + "\n";
    }

    /** Deletes the table whether it exists or not (a missing table is added first, then deleted). */
    String remove() {
        return "add table " + qualifiedTable() + "\ndelete table " + qualifiedTable() + "\n";
    }

    /** Lists the table; fails when there is none. */
    String list() {
        return "list table " + qualifiedTable() + "\n";
    }

    private String rule(PortRange range) {
        StringBuilder rule = new StringBuilder();
        networkInterface.ifPresent(name -> rule.append("iifname \"").append(name).append("\" "));
        listen.ifPresent(address -> rule.append(address instanceof Inet4Address ? "ip daddr " : "ip6 daddr ")
                .append(numeric(address)).append(' '));
        String protocol = range.transport().keyword();
        rule.append(protocol).append(" dport ").append(range.first());
        if (range.last() != range.first()) {
            rule.append('-').append(range.last());
        }
        TcpFlagFilter flags = range.tcpFlags();
        if (range.transport() == Transport.TCP && !flags.equals(TcpFlagFilter.ANY)) {
            rule.append(" tcp flags & (").append(flagNames(flags.required() | flags.forbidden())).append(") == ")
                    .append(flags.required() == 0 ? "0" : flagNames(flags.required()));
        }
        rule.append(" log group ").append(group).append(" drop");
        return rule.toString();
    }

    private static String flagNames(int bits) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if ((bits & (1 << i)) != 0) {
                names.add(FLAG_NAMES[i]);
            }
        }
        return String.join(" | ", names);
    }

    /** The address's digits without a scope: an nft token that can carry nothing else. */
    private static String numeric(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        return scope < 0 ? text : text.substring(0, scope);
    }
}
