package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** One pad's held first knocks of resyncs (PROTOCOL.md §3.4). */
class ResyncHoldsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant EXPIRES = T0.plusSeconds(300);

    private static InetAddress source(int host) throws Exception {
        return InetAddress.getByName("192.0.2." + host);
    }

    @Test
    void theNextBlockFromTheSameSourceCompletesAResync() throws Exception {
        ResyncHolds holds = new ResyncHolds(4);
        holds.hold(source(1), 100, EXPIRES);
        assertTrue(holds.completes(source(1), 101, T0));
    }

    @Test
    void anyOtherBlockDoesNotComplete() throws Exception {
        ResyncHolds holds = new ResyncHolds(4);
        holds.hold(source(1), 100, EXPIRES);
        assertFalse(holds.completes(source(1), 100, T0));
        assertFalse(holds.completes(source(1), 102, T0));
    }

    @Test
    void anotherSourceDoesNotComplete() throws Exception {
        ResyncHolds holds = new ResyncHolds(4);
        holds.hold(source(1), 100, EXPIRES);
        assertFalse(holds.completes(source(2), 101, T0));
    }

    @Test
    void anExpiredHoldDoesNotCompleteAndIsDropped() throws Exception {
        ResyncHolds holds = new ResyncHolds(4);
        holds.hold(source(1), 100, EXPIRES);
        assertFalse(holds.completes(source(1), 101, EXPIRES));
        assertEquals(0, holds.size());
    }

    @Test
    void aSourcesNewHoldReplacesItsEarlierOne() throws Exception {
        ResyncHolds holds = new ResyncHolds(4);
        holds.hold(source(1), 100, EXPIRES);
        holds.hold(source(1), 200, EXPIRES);
        assertEquals(1, holds.size());
        assertFalse(holds.completes(source(1), 101, T0));
        assertTrue(holds.completes(source(1), 201, T0));
    }

    @Test
    void pastItsCapacityTheOldestHoldIsDropped() throws Exception {
        ResyncHolds holds = new ResyncHolds(2);
        holds.hold(source(1), 100, EXPIRES);
        holds.hold(source(2), 200, EXPIRES);
        holds.hold(source(3), 300, EXPIRES);
        assertEquals(2, holds.size());
        assertFalse(holds.completes(source(1), 101, T0));
        assertTrue(holds.completes(source(2), 201, T0));
        assertTrue(holds.completes(source(3), 301, T0));
    }

    @Test
    void aReleasedHoldNoLongerCompletes() throws Exception {
        ResyncHolds holds = new ResyncHolds(4);
        holds.hold(source(1), 100, EXPIRES);
        holds.release(source(1));
        assertFalse(holds.completes(source(1), 101, T0));
    }

    @Test
    void theCapacityMustBeAtLeastOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ResyncHolds(0));
        assertEquals("capacity must be at least 1: 0", e.getMessage());
    }
}
