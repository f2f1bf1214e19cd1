package dev.portknock.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BlockTimeoutTest {
    private static final int MIB = 1024 * 1024;

    @Test
    void theDefault32MiBRingKeepsTwoMilliseconds() {
        assertEquals(2, BlockTimeout.forBuffer(PcapOptions.DEFAULT_BUFFER_SIZE));
    }

    @Test
    void aSmallerRingWaitsLongerSoThatItHoldsTheSameTimeOfAFlood() {
        assertEquals(4, BlockTimeout.forBuffer(16 * MIB));
        assertEquals(8, BlockTimeout.forBuffer(8 * MIB));
        assertEquals(16, BlockTimeout.forBuffer(4 * MIB));
    }

    @Test
    void aBufferIsCountedInWholeBlocksAsLibpcapRoundsIt() {
        // 4 MiB and one byte are 17 blocks: 256 / 17 = 15 ms
        assertEquals(15, BlockTimeout.forBuffer(4 * MIB + 1));
    }

    @Test
    void aRingLargerThanTheDefaultDoesNotGoBelowTwoMilliseconds() {
        assertEquals(2, BlockTimeout.forBuffer(Integer.MAX_VALUE));
        assertEquals(2, BlockTimeout.forBuffer(256 * MIB));
    }

    @Test
    void aTinyRingWaitsAtMost32Milliseconds() {
        assertEquals(32, BlockTimeout.forBuffer(2 * MIB));
        assertEquals(32, BlockTimeout.forBuffer(PcapOptions.MIN_BUFFER_SIZE));
    }

    @Test
    void aBufferSizeThatIsNotPositiveIsRejected() {
        assertEquals("capture buffer size must be positive: 0",
                assertThrows(IllegalArgumentException.class, () -> BlockTimeout.forBuffer(0)).getMessage());
    }
}
