package dev.portknock.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.core.PacketEvent;
import dev.portknock.core.Profile;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.core.Transport;
import dev.portknock.pad.IssuedKnock;
import dev.portknock.pad.Pad;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestKnockClientTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** PROTOCOL.md §6, vector S4: the default profile, seed vector-6, bound to 192.0.2.10, command [22, 60, 1]. */
    private static final int[] S4_J0 = {0, 2026, 1007, 231, 2500, 208, 378, 2845, 1336, 3291, 3549};
    private static final int[] S4_J1 = {1, 3710, 1971, 1688, 2221, 872, 1085, 1974, 1297, 2899, 2110};

    @TempDir
    Path directory;

    private final Profile profile = Profile.defaults();
    private final TestClock clock = TestClock.at(T0);
    private final InMemoryCapture capture = new InMemoryCapture();
    private final List<PacketEvent> received = new ArrayList<>();
    private Pad pad;

    @BeforeEach
    void openThePadAndStartTheCapture() throws IOException {
        pad = TestPads.seeded(directory, "vector-6", profile, 4);
        capture.start(received::add);
    }

    private static InetAddress address(String text) throws IOException {
        return InetAddress.getByName(text);
    }

    private List<Integer> receivedPorts() {
        return received.stream().map(PacketEvent::destinationPort).toList();
    }

    private static List<Integer> portsOf(IssuedKnock knock) {
        return Arrays.stream(knock.ports()).boxed().toList();
    }

    @Test
    void aKnockIsTheProtocolsKnockBoundToTheClientsAddress() throws IOException {
        IssuedKnock knock = TestKnockClient.of(profile, pad, capture, clock).knock(22, 60, 1);

        assertArrayEquals(S4_J0, knock.digits());
    }

    @Test
    void aKnocksPacketsReachTheCaptureInOrderFromTheClientToTheServer() throws IOException {
        IssuedKnock knock = TestKnockClient.of(profile, pad, capture, clock).knock(22, 60, 1);

        assertEquals(portsOf(knock), receivedPorts());
        for (PacketEvent event : received) {
            assertEquals(PacketEvent.udp(T0, TestKnockClient.DEFAULT_SOURCE, TestKnockClient.SERVER,
                    event.destinationPort()), event);
        }
    }

    @Test
    void theNextKnockUsesTheNextBlock() throws IOException {
        TestKnockClient client = TestKnockClient.of(profile, pad, capture, clock);
        client.knock(22, 60, 1);

        assertArrayEquals(S4_J1, client.knock(22, 60, 1).digits());
    }

    @Test
    void anotherSourceSharesTheCursorAndSendsFromItsAddress() throws IOException {
        TestKnockClient client = TestKnockClient.of(profile, pad, capture, clock);
        client.knock(22, 60, 1);
        received.clear();
        InetAddress other = address("192.0.2.11");

        IssuedKnock knock = client.from(other).knock(22, 60, 1);

        assertEquals(1, knock.knockIndex());
        assertEquals(other, client.from(other).source());
        received.forEach(event -> assertEquals(other, event.source()));
    }

    @Test
    void aReplaySendsTheSamePortsAgainWithoutSpendingAKnock() throws IOException {
        TestKnockClient client = TestKnockClient.of(profile, pad, capture, clock);
        IssuedKnock first = client.knock(22, 60, 1);
        received.clear();

        client.replay(first);

        assertEquals(portsOf(first), receivedPorts());
        assertEquals(1, client.knock(22, 60, 1).knockIndex());
    }

    @Test
    void aTcpProfileKnocksWithBareSyns() throws IOException {
        Profile tcp = Profile.builder().transport(Transport.TCP).build();
        Pad tcpPad = TestPads.seeded(directory, "tcp", tcp, 1);

        IssuedKnock knock = TestKnockClient.of(tcp, tcpPad, capture, clock).knock(22, 60, 1);

        assertEquals(portsOf(knock), receivedPorts());
        received.forEach(event -> {
            assertEquals(Transport.TCP, event.transport());
            assertEquals(TcpFlagFilter.SYN, event.tcpFlags());
        });
    }

    @Test
    void knockingIntoACaptureThatIsNotRunningIsMisuseAndSpendsNoKnock() throws IOException {
        InMemoryCapture idle = new InMemoryCapture();
        TestKnockClient client = TestKnockClient.of(profile, pad, idle, clock);

        assertEquals("the capture is not running; start the server first",
                assertThrows(IllegalStateException.class, () -> client.knock(22, 60, 1)).getMessage());
        idle.start(received::add);
        assertArrayEquals(S4_J0, client.knock(22, 60, 1).digits());
    }
}
