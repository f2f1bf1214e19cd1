package dev.portknock.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.core.PortRange;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.core.Transport;
import dev.portknock.spi.CaptureSpec;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PcapOptionsTest {
    private static final String RANGE = "from 65536 to 2147483647";

    private static String rejected(Map<String, String> options) {
        return assertThrows(IllegalArgumentException.class, () -> PcapOptions.bufferSize(options)).getMessage();
    }

    @Test
    void withoutOptionsTheBufferIs32MiB() {
        assertEquals(33_554_432, PcapOptions.bufferSize(Map.of()));
    }

    @Test
    void withoutOptionsTheDeploymentDefaultIsTheBuffer() {
        assertEquals(4_194_304, PcapOptions.bufferSize(Map.of(), Optional.of("4194304")));
    }

    @Test
    void theCapturesOwnBufferSizeWinsOverTheDeploymentDefault() {
        assertEquals(8_388_608, PcapOptions.bufferSize(Map.of("buffer_size", "8388608"), Optional.of("4194304")));
    }

    @Test
    void aBadDeploymentDefaultIsRejectedNamingTheProperty() {
        for (String bad : List.of("", "4M", "65535", "2147483648")) {
            assertEquals("system property dev.portknock.pcap.buffer_size must be a whole number of bytes " + RANGE
                    + ": '" + bad + "'", assertThrows(IllegalArgumentException.class,
                            () -> PcapOptions.bufferSize(Map.of(), Optional.of(bad))).getMessage());
        }
    }

    @Test
    void bufferSizeIsTakenInBytes() {
        assertEquals(134_217_728, PcapOptions.bufferSize(Map.of("buffer_size", "134217728")));
    }

    @Test
    void theSmallestAndLargestBufferSizesAreAccepted() {
        assertEquals(65_536, PcapOptions.bufferSize(Map.of("buffer_size", "65536")));
        assertEquals(Integer.MAX_VALUE, PcapOptions.bufferSize(Map.of("buffer_size", "2147483647")));
    }

    @Test
    void aBufferSmallerThanOneFrameIsRejected() {
        assertEquals("pcap capture option buffer_size must be a whole number of bytes " + RANGE + ": '65535'",
                rejected(Map.of("buffer_size", "65535")));
    }

    @Test
    void aBufferBeyondAnIntIsRejected() {
        assertEquals("pcap capture option buffer_size must be a whole number of bytes " + RANGE + ": '2147483648'",
                rejected(Map.of("buffer_size", "2147483648")));
    }

    @Test
    void garbageBufferSizesAreRejected() {
        for (String garbage : List.of("", "32M", "-65536", "+65536", " 65536", "1e9", "0x100000")) {
            assertEquals("pcap capture option buffer_size must be a whole number of bytes " + RANGE + ": '"
                    + garbage + "'", rejected(Map.of("buffer_size", garbage)));
        }
    }

    @Test
    void anOversizedValueIsCutInTheMessage() {
        assertEquals("pcap capture option buffer_size must be a whole number of bytes " + RANGE + ": '"
                + "9".repeat(40) + "...'", rejected(Map.of("buffer_size", "9".repeat(1000))));
    }

    @Test
    void anUnknownOptionIsRejectedNamingTheKnownOne() {
        assertEquals("unknown pcap capture option 'snaplen'; the pcap backend knows buffer_size",
                rejected(Map.of("snaplen", "96")));
    }

    @Test
    void theProviderRejectsABadBufferSizeWhenOpening() {
        CaptureSpec spec = new CaptureSpec(List.of(new PortRange(7000, 7099, Transport.UDP, TcpFlagFilter.ANY)),
                Optional.of("lo"), Optional.empty(), Optional.empty(), Clock.systemUTC(),
                Map.of("buffer_size", "lots"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PcapCaptureProvider().open(spec));

        assertEquals("pcap capture option buffer_size must be a whole number of bytes " + RANGE + ": 'lots'",
                e.getMessage());
    }
}
