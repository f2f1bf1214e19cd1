package dev.portknock.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The ring block timeout a live capture asks libpcap for, from the ring's size. */
class BlockTimeoutTest {
    private static final int MIB = 1024 * 1024;

    @Test
    void theDefault32MiBRingHandsBlocksOverAfter2Ms() {
        assertEquals(2, BlockTimeout.forBuffer(PcapOptions.DEFAULT_BUFFER_SIZE));
    }

    @Test
    void aRingOf64MiBHandsBlocksOverAfter1Ms() {
        assertEquals(1, BlockTimeout.forBuffer(64 * MIB));
    }

    @Test
    void aRingOneBlockShortOf256HandsBlocksOverAfter2MsSoThatItStillHoldsAQuarterOfASecond() {
        assertEquals(2, BlockTimeout.forBuffer(64 * MIB - BlockTimeout.BLOCK_BYTES));
    }

    @Test
    void theLargestRingStillWaits1Ms() {
        assertEquals(1, BlockTimeout.forBuffer(Integer.MAX_VALUE));
    }

    @Test
    void aSmallerRingWaitsLongerSoThatItHoldsTheSameTimeOfAFlood() {
        assertEquals(4, BlockTimeout.forBuffer(16 * MIB));
        assertEquals(8, BlockTimeout.forBuffer(8 * MIB));
        assertEquals(16, BlockTimeout.forBuffer(4 * MIB));
    }

    @Test
    void aBufferIsCountedInWholeBlocksAsLibpcapRoundsIt() {
        // 4 MiB and one byte are 17 blocks: 256 ms / 17 is 15.06, rounded up so the ring holds 256 ms
        assertEquals(16, BlockTimeout.forBuffer(4 * MIB + 1));
        assertEquals(15, BlockTimeout.forBuffer(4 * MIB + 2 * BlockTimeout.BLOCK_BYTES));
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
