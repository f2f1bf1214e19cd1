package dev.portknock.pcap;

import static dev.portknock.pcap.TestFrames.inet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.PortRange;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.core.Transport;
import dev.portknock.spi.CaptureSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What needs the system libpcap but no privilege: loading it and compiling filters with it. */
@Tag("system")
class LibpcapSystemTest {
    private static final List<PortRange> DOORS = List.of(
            new PortRange(7000, 7099, Transport.UDP, TcpFlagFilter.ANY),
            new PortRange(8000, 8015, Transport.TCP, TcpFlagFilter.SYN_ONLY));

    @Test
    void theSystemLibpcapLoads() throws IOException {
        assertTrue(Libpcap.load().pcap_lib_version().startsWith("libpcap version "));
    }

    @Test
    void generatedFiltersCompileForEveryLinkTypeAndLocalAddress() throws IOException {
        PcapLibrary pcap = Libpcap.load();
        for (Optional<InetAddress> address : List.of(Optional.<InetAddress>empty(), Optional.of(inet("192.0.2.1")),
                Optional.of(inet("2001:db8::1")))) {
            for (int linkType : new int[] {FrameParser.DLT_EN10MB, FrameParser.DLT_LINUX_SLL,
                    FrameParser.DLT_LINUX_SLL2, FrameParser.DLT_RAW, FrameParser.DLT_NULL, FrameParser.DLT_LOOP}) {
                try (PcapHandle dead = PcapHandle.dead(pcap, linkType, PcapCaptureSource.SNAPLEN)) {
                    dead.checkFilter(BpfFilter.build(DOORS, address, linkType == FrameParser.DLT_EN10MB));
                }
            }
        }
    }

    @Test
    void aFilterThatDoesNotCompileNamesLibpcapsErrorAndTheFilter() throws IOException {
        try (PcapHandle dead = PcapHandle.dead(Libpcap.load(), FrameParser.DLT_EN10MB, PcapCaptureSource.SNAPLEN)) {
            IOException e = assertThrows(IOException.class, () -> dead.checkFilter("udp dst portrange 7000-"));
            // libpcap's wording varies between versions; its parser always reports a syntax error
            assertTrue(e.getMessage().startsWith("the capture filter does not compile: "), e.getMessage());
            assertTrue(e.getMessage().contains("syntax error"), e.getMessage());
            assertTrue(e.getMessage().endsWith("; filter: udp dst portrange 7000-"), e.getMessage());
        }
    }

    @Test
    void openingALiveCaptureTouchesNoInterfaceBeforeStart() throws Exception {
        CaptureSpec spec = new CaptureSpec(DOORS, Optional.of("knock-absent0"), Optional.empty(), Optional.empty(),
                Clock.systemUTC(), Map.of());
        try (PcapCaptureSource source = new PcapCaptureProvider().open(spec)) {
            assertEquals("pcap capture of network interface 'knock-absent0'", source.toString());
        }
    }
}
