package dev.portknock.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DropMonitorTest {
    private static final long SECOND = 1_000_000_000L;
    private final DropMonitor monitor = new DropMonitor(10 * SECOND);

    @Test
    void noDropsGiveNoWarning() {
        assertEquals(Optional.empty(), monitor.update(SECOND, new PcapCounters(500, 0, 0)));
        assertEquals(0, monitor.total());
    }

    @Test
    void theFirstDropsWarnAtOnce() {
        assertEquals(Optional.of(new DropMonitor.Warning(7, 2, 9)), monitor.update(SECOND, new PcapCounters(500, 7, 2)));
    }

    @Test
    void dropsWithinTheIntervalAreCountedButNotWarnedAbout() {
        monitor.update(SECOND, new PcapCounters(500, 7, 0));

        assertEquals(Optional.empty(), monitor.update(5 * SECOND, new PcapCounters(900, 10, 1)));
        assertEquals(11, monitor.total());
    }

    @Test
    void theNextWarningAfterTheIntervalCarriesTheDropsSinceThePreviousOne() {
        monitor.update(SECOND, new PcapCounters(500, 7, 0));
        monitor.update(5 * SECOND, new PcapCounters(900, 10, 1));

        assertEquals(Optional.of(new DropMonitor.Warning(5, 1, 13)),
                monitor.update(11 * SECOND, new PcapCounters(1000, 12, 1)));
    }

    @Test
    void aCounterThatWrapsAt32BitsKeepsCounting() {
        monitor.update(SECOND, new PcapCounters(0, PcapCounters.MAX - 1, 0));

        monitor.update(2 * SECOND, new PcapCounters(0, 3, 0));

        assertEquals(PcapCounters.MAX - 1 + 5, monitor.total());
    }

    @Test
    void flushReportsUnwarnedDropsRegardlessOfTheInterval() {
        monitor.update(SECOND, new PcapCounters(500, 7, 0));
        monitor.update(2 * SECOND, new PcapCounters(500, 9, 0));

        assertEquals(Optional.of(new DropMonitor.Warning(2, 0, 9)), monitor.flush(3 * SECOND));
        assertEquals(Optional.empty(), monitor.flush(4 * SECOND));
    }

    @Test
    void aNonPositiveIntervalIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DropMonitor(0));
        assertEquals("warning interval must be positive", e.getMessage());
    }

    @Test
    void countersOutside32BitsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PcapCounters(0, PcapCounters.MAX + 1, 0));
        assertEquals("pcap counters must lie in 0..4294967295", e.getMessage());
    }
}
