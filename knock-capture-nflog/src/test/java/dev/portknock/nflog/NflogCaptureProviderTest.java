package dev.portknock.nflog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.core.PortRange;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.core.Transport;
import dev.portknock.spi.CaptureProvider;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.spi.CaptureStatistics;
import dev.portknock.spi.Requirement;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NflogCaptureProviderTest {
    private static final List<PortRange> DOORS = List.of(new PortRange(7000, 7099, Transport.UDP, TcpFlagFilter.ANY));

    private static CaptureSpec spec(Optional<String> networkInterface, Optional<Path> captureFile,
                                    Map<String, String> options) {
        return new CaptureSpec(DOORS, networkInterface, Optional.empty(), captureFile, Clock.systemUTC(), options);
    }

    @Test
    void itsIdIsNflog() {
        assertEquals("nflog", new NflogCaptureProvider().id());
    }

    @Test
    void itNeedsFirewallPrivilegeAndNftables() {
        assertEquals(Set.of(Requirement.FIREWALL_PRIVILEGE, Requirement.NFTABLES),
                new NflogCaptureProvider().requirements());
    }

    @Test
    void serviceLoaderFindsItOnceUnderItsId() {
        List<String> ids = ServiceLoader.load(CaptureProvider.class).stream()
                .filter(provider -> provider.type() == NflogCaptureProvider.class)
                .map(provider -> provider.get().id()).toList();
        assertEquals(List.of("nflog"), ids);
    }

    @Test
    void openingInstallsNothingAndCountsNothing() {
        NflogCaptureSource source = new NflogCaptureProvider().open(spec(Optional.empty(), Optional.empty(), Map.of()));
        assertEquals(new CaptureStatistics(0, 0, 0), source.statistics());
        source.close();
    }

    @Test
    void aCaptureFileIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NflogCaptureProvider()
                .open(spec(Optional.empty(), Optional.of(Path.of("a.pcap")), Map.of())));
        assertEquals("nflog capture reads the live firewall log; it cannot replay a capture file (use pcap)",
                e.getMessage());
    }

    @Test
    void aBadOptionIsRejectedWhenOpening() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NflogCaptureProvider()
                .open(spec(Optional.empty(), Optional.empty(), Map.of("group", "x"))));
        assertEquals("nflog capture option group must be a whole number from 0 to 65535: 'x'", e.getMessage());
    }

    @Test
    void aClosedSourceCannotStart() {
        NflogCaptureSource source = new NflogCaptureProvider().open(spec(Optional.of("eth0"), Optional.empty(), Map.of()));
        source.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> source.start(event -> { }));
        assertEquals("capture closed", e.getMessage());
    }
}
