package dev.portknock.nflog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NflogOptionsTest {
    @Test
    void noOptionsMeanGroup4242AndA32MibBuffer() {
        assertEquals(new NflogOptions(4242, 32 * 1024 * 1024), NflogOptions.of(Map.of()));
    }

    @Test
    void theGroupAndBufferAreRead() {
        assertEquals(new NflogOptions(0, 262_144), NflogOptions.of(Map.of("group", "0", "buffer_size", "262144")));
        assertEquals(65535, NflogOptions.of(Map.of("group", "65535")).group());
    }

    @Test
    void aGroupAbove65535IsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NflogOptions.of(Map.of("group", "65536")));
        assertEquals("nflog capture option group must be a whole number from 0 to 65535: '65536'", e.getMessage());
    }

    @Test
    void aGroupThatIsNoNumberIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NflogOptions.of(Map.of("group", "-1")));
        assertEquals("nflog capture option group must be a whole number from 0 to 65535: '-1'", e.getMessage());
    }

    @Test
    void anOverlongValueIsCutInTheMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NflogOptions.of(Map.of("group", "9".repeat(100))));
        assertEquals("nflog capture option group must be a whole number from 0 to 65535: '" + "9".repeat(40) + "...'",
                e.getMessage());
    }

    @Test
    void aBufferBelowFourBatchesIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NflogOptions.of(Map.of("buffer_size", "262143")));
        assertEquals("nflog capture option buffer_size must be a whole number of bytes from 262144 to 2147483647:"
                + " '262143'", e.getMessage());
    }

    @Test
    void aBufferAboveTheIntRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> NflogOptions.of(Map.of("buffer_size", "2147483648")));
    }

    @Test
    void anUnknownOptionIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NflogOptions.of(Map.of("nflog_group", "1")));
        assertEquals("unknown nflog capture option 'nflog_group'; the nflog backend knows group and buffer_size",
                e.getMessage());
    }
}
