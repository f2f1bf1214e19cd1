package dev.portknock.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.core.PortRange;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.core.Transport;
import dev.portknock.spi.CaptureProvider;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.spi.Requirement;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PcapCaptureProviderTest {
    private static final List<PortRange> DOORS = List.of(new PortRange(7000, 7099, Transport.UDP, TcpFlagFilter.ANY));

    private static CaptureSpec spec(Optional<String> networkInterface, Optional<Path> captureFile) {
        return new CaptureSpec(DOORS, networkInterface, Optional.empty(), captureFile, Clock.systemUTC(), Map.of());
    }

    @Test
    void itsIdIsPcap() {
        assertEquals("pcap", new PcapCaptureProvider().id());
    }

    @Test
    void itNeedsCapturePrivilegeLibpcapAndAnInterface() {
        assertEquals(Set.of(Requirement.RAW_CAPTURE_PRIVILEGE, Requirement.LIBPCAP, Requirement.NETWORK_INTERFACE),
                new PcapCaptureProvider().requirements());
    }

    @Test
    void serviceLoaderFindsItOnceUnderItsId() {
        List<String> pcapIds = ServiceLoader.load(CaptureProvider.class).stream()
                .filter(provider -> provider.type() == PcapCaptureProvider.class)
                .map(provider -> provider.get().id()).collect(Collectors.toList());
        assertEquals(List.of("pcap"), pcapIds);
    }

    @Test
    void aSpecWithNeitherInterfaceNorFileIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PcapCaptureProvider().open(spec(Optional.empty(), Optional.empty())));
        assertEquals("pcap capture needs either a network interface or a capture file", e.getMessage());
    }

    @Test
    void aSpecWithBothInterfaceAndFileIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PcapCaptureProvider().open(spec(Optional.of("lo"), Optional.of(Path.of("a.pcap")))));
        assertEquals("pcap capture needs either a network interface or a capture file", e.getMessage());
    }

    @Test
    void aBlankInterfaceNameIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PcapCaptureProvider().open(spec(Optional.of(" "), Optional.empty())));
        assertEquals("network interface name must not be blank", e.getMessage());
    }
}
