package dev.portknock.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CaptureStatisticsTest {
    @Test
    void theTwoCounterConstructorCountsNoDrops() {
        assertEquals(new CaptureStatistics(5, 2, 0), new CaptureStatistics(5, 2));
    }

    @Test
    void keepsEachCounter() {
        CaptureStatistics statistics = new CaptureStatistics(5, 2, 7);
        assertEquals(5, statistics.delivered());
        assertEquals(2, statistics.skipped());
        assertEquals(7, statistics.dropped());
    }

    @Test
    void aNegativeDeliveredCountIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CaptureStatistics(-1, 0, 0));
        assertEquals("counters must not be negative", e.getMessage());
    }

    @Test
    void aNegativeSkippedCountIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CaptureStatistics(0, -1, 0));
        assertEquals("counters must not be negative", e.getMessage());
    }

    @Test
    void aNegativeDroppedCountIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CaptureStatistics(0, 0, -1));
        assertEquals("counters must not be negative", e.getMessage());
    }
}
