package dev.portknock.systemtests;

import java.util.ArrayList;
import java.util.List;

/**
 * Two network namespaces joined by a veth pair, with documentation addresses only: the server's
 * side {@code 192.0.2.1} and {@code 2001:db8::1}; the client's side a knocking address
 * {@code 192.0.2.10} / {@code 2001:db8::10} and another {@code 192.0.2.11} / {@code 2001:db8::11}.
 * IPv6 addresses skip duplicate address detection ({@code nodad}) so they are usable at once.
 * The veth ends are created directly inside the namespaces, never in the test's own.
 */
final class TwoNamespaces implements AutoCloseable {
    /** The server's end of the veth pair, inside the server namespace. */
    static final String SERVER_INTERFACE = "pk-srv";
    /** The client's end of the veth pair, inside the client namespace. */
    static final String CLIENT_INTERFACE = "pk-cli";

    private final String server;
    private final String client;
    private final List<String> created = new ArrayList<>();

    private TwoNamespaces(String prefix) {
        this.server = prefix + "-srv";
        this.client = prefix + "-cli";
    }

    /**
     * Creates the namespaces and the link between them; removes whatever it created when a step
     * fails.
     *
     * @param prefix the namespaces' name prefix, unique to this test run
     */
    static TwoNamespaces create(String prefix) {
        TwoNamespaces namespaces = new TwoNamespaces(prefix);
        try {
            namespaces.build();
            return namespaces;
        } catch (RuntimeException | Error e) {
            try {
                namespaces.close();
            } catch (RuntimeException | Error cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void build() {
        for (String namespace : List.of(server, client)) {
            Commands.succeed("ip", "netns", "add", namespace);
            created.add(namespace);
            Commands.succeed("ip", "-n", namespace, "link", "set", "lo", "up");
        }
        Commands.succeed("ip", "link", "add", SERVER_INTERFACE, "netns", server, "type", "veth",
                "peer", "name", CLIENT_INTERFACE, "netns", client);
        address(server, SERVER_INTERFACE, Host.SERVER);
        address(client, CLIENT_INTERFACE, Host.KNOCKER);
        address(client, CLIENT_INTERFACE, Host.OTHER);
        Commands.succeed("ip", "-n", server, "link", "set", SERVER_INTERFACE, "up");
        Commands.succeed("ip", "-n", client, "link", "set", CLIENT_INTERFACE, "up");
    }

    private static void address(String namespace, String device, Host host) {
        Commands.succeed("ip", "-n", namespace, "addr", "add", host.ipv4 + "/24", "dev", device);
        Commands.succeed("ip", "-n", namespace, "addr", "add", host.ipv6 + "/64", "dev", device, "nodad");
    }

    /** The server's namespace. */
    String server() {
        return server;
    }

    /** The client's namespace. */
    String client() {
        return client;
    }

    /** Deletes the namespaces (and with them the veth pair); fails naming any that stays. */
    @Override
    public void close() {
        List<String> failures = new ArrayList<>();
        for (String namespace : List.copyOf(created)) {
            Commands.Result deleted = Commands.run("ip", "netns", "del", namespace);
            if (deleted.succeeded()) {
                created.remove(namespace);
            } else {
                failures.add(namespace + ": " + deleted.output());
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("cannot delete network namespaces " + failures);
        }
    }

    /** The hosts of the test network and their addresses. */
    enum Host {
        /** The knock server and the protected service. */
        SERVER("192.0.2.1", "2001:db8::1"),
        /** The client address that knocks. */
        KNOCKER("192.0.2.10", "2001:db8::10"),
        /** Another address on the client's side, which never knocks. */
        OTHER("192.0.2.11", "2001:db8::11");

        private final String ipv4;
        private final String ipv6;

        Host(String ipv4, String ipv6) {
            this.ipv4 = ipv4;
            this.ipv6 = ipv6;
        }

        /** The host's address of the family. */
        String address(Family family) {
            return family == Family.IPV4 ? ipv4 : ipv6;
        }
    }

    /** An IP version, with the name of the nftables set that holds its sources. */
    enum Family {
        /** IPv4, whose opened sources go to {@code allowed_v4}. */
        IPV4("allowed_v4"),
        /** IPv6, whose opened sources go to {@code allowed_v6}. */
        IPV6("allowed_v6");

        private final String nftablesSet;

        Family(String nftablesSet) {
            this.nftablesSet = nftablesSet;
        }

        /** The nftables set of the launcher's default table that holds this family's sources. */
        String nftablesSet() {
            return nftablesSet;
        }
    }
}
