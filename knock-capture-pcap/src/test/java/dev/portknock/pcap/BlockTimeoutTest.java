package dev.portknock.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The ring block timeout a live capture asks libpcap for, from the ring's size. */
class BlockTimeoutTest {
    private static final int MIB = 1024 * 1024;

    @Test
    void aRingOf64MiBHandsBlocksOverAfter1Ms() {
        assertEquals(1, PcapCaptureSource.blockTimeoutMillis(64 * MIB));
    }

    @Test
    void theDefaultRingHandsBlocksOverAfter2Ms() {
        assertEquals(2, PcapCaptureSource.blockTimeoutMillis(PcapOptions.DEFAULT_BUFFER_SIZE));
    }

    @Test
    void aRingOneBlockShortOf256HandsBlocksOverAfter2MsSoThatItStillHoldsAQuarterOfASecond() {
        assertEquals(2, PcapCaptureSource.blockTimeoutMillis(64 * MIB - PcapCaptureSource.BLOCK_BYTES));
    }

    @Test
    void aSmallRingNeverWaitsLongerThan2Ms() {
        assertEquals(2, PcapCaptureSource.blockTimeoutMillis(16 * MIB));
        assertEquals(2, PcapCaptureSource.blockTimeoutMillis(PcapOptions.MIN_BUFFER_SIZE));
    }

    @Test
    void theLargestRingStillWaits1Ms() {
        assertEquals(1, PcapCaptureSource.blockTimeoutMillis(Integer.MAX_VALUE));
    }
}
