package dev.portknock.systemtests;

import static dev.portknock.systemtests.TwoNamespaces.Host.KNOCKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.systemtests.TwoNamespaces.Family;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue #19's end-to-end scenarios: {@link KnockThroughFirewallSystemTest}'s, every one of them,
 * with the server capturing through the firewall's own log ({@code nflog}) instead of libpcap:
 * sealed knocks over IPv4 and IPv6 open the real service, a replay opens nothing. Then the
 * capture's table: it logs and drops the door's ports beside the nftables launcher's table while
 * the server runs, outlives a SIGKILL (the ports stay closed), is replaced by the restarted server,
 * which opens the service again, and is gone once the server stops.
 */
@Tag("system")
class NflogKnockThroughFirewallSystemTest extends KnockThroughFirewallSystemTest {
    /** A group of this run's own: the namespaces are the run's own too, but a fixed number documents nothing. */
    private static final int GROUP = 4000 + (int) (ProcessHandle.current().pid() % 1000);
    private static final String TABLE = "portknock_nflog_" + GROUP;

    @Override
    String namespacePrefix() {
        return "pk-nfl-";
    }

    @Override
    List<String> captureArguments() {
        return List.of("nflog", "group=" + GROUP);
    }

    @Override
    String serverLog() {
        return "nflog-server.log";
    }

    @Order(10)
    @Test
    void theCapturesTableLogsAndDropsTheDoorsPortsBesideTheLaunchersTable() {
        String tables = nft("list", "tables").output();
        assertTrue(tables.contains("table inet " + TABLE) && tables.contains("table inet portknock"), tables);

        assertEquals(List.of("iifname \"" + TwoNamespaces.SERVER_INTERFACE + "\" udp dport " + E2eDoor.PROFILE.base()
                + "-" + E2eDoor.PROFILE.lastPort() + " log group " + GROUP + " drop"), rules());
    }

    @Order(11)
    @Test
    void aKilledServersTableStaysUntilTheRestartedServerReplacesItAndOpensAgain() {
        server.kill();

        assertEquals(1, rules().size(), "after SIGKILL the table still closes the door's ports: " + rules());

        startServer();
        server.await(0, "READY"::equals, "READY", WAIT);
        assertEquals(1, nft("list", "tables").output().lines().filter(line -> line.contains(TABLE)).count());
        assertEquals(1, rules().size(), rules().toString());
        int mark = server.mark();
        knock(E2eDoor.PROFILE, Family.IPV4);
        awaitServer(mark, "OPENED " + E2eDoor.SERVICE + " " + shown(KNOCKER, Family.IPV4));
        assertEquals("CONNECTED " + E2eDoor.BANNER, connect(KNOCKER, Family.IPV4));
    }

    @Order(12)
    @Test
    void stoppingTheServerDeletesTheTable() throws Exception {
        server.close();

        Commands.Result listed = nft("list", "table", "inet", TABLE);
        assertFalse(listed.succeeded(), "the table is gone: " + listed.output());
        assertTrue(nft("list", "tables").output().contains("table inet portknock"),
                "the launcher's table is not the capture's to delete");
    }

    /** The rules of the capture's chain. */
    private List<String> rules() {
        Commands.Result listed = nft("list", "chain", "inet", TABLE, "knocks");
        assertTrue(listed.succeeded(), listed.output());
        return listed.output().lines().map(String::strip).filter(line -> line.contains(" log group ")).toList();
    }

    private Commands.Result nft(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("ip", "netns", "exec", network.server(), "nft"));
        command.addAll(List.of(arguments));
        return Commands.run(command.toArray(String[]::new));
    }
}
