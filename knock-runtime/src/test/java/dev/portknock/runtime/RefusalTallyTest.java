package dev.portknock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.runtime.RefusalTally.Count;
import dev.portknock.runtime.RefusalTally.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefusalTallyTest {
    private final RefusalTally tally = new RefusalTally(List.of("ssh", "web", "mail"));

    @Test
    void drainingReportsEachDoorsRefusalsInDoorOrder() {
        tally.count("mail", Kind.SERVICE_NOT_OFFERED);
        tally.count("ssh", Kind.SERVICE_NOT_OFFERED);
        tally.count("mail", Kind.SERVICE_NOT_OFFERED);
        assertEquals(List.of(Map.entry("ssh", Map.of(Kind.SERVICE_NOT_OFFERED, new Count(1, 0))),
                Map.entry("mail", Map.of(Kind.SERVICE_NOT_OFFERED, new Count(2, 0)))),
                List.copyOf(tally.drain().entrySet()));
    }

    @Test
    void drainingStartsTheCountsAgain() {
        tally.count("web", Kind.BEHIND_CURSOR);
        tally.drain();
        tally.count("web", Kind.BEHIND_CURSOR);
        assertEquals(Map.of("web", Map.of(Kind.BEHIND_CURSOR, new Count(1, 1))), tally.drain());
    }

    @Test
    void withoutRefusalsThereIsNothingToReport() {
        assertEquals(Map.of(), tally.drain());
    }

    @Test
    void theFirstFiveKnocksBehindTheCursorInAPeriodAreShownAndTheRestCounted() {
        for (int i = 0; i < 5; i++) {
            assertTrue(tally.count("ssh", Kind.BEHIND_CURSOR), "knock " + i);
        }
        assertFalse(tally.count("ssh", Kind.BEHIND_CURSOR));
        assertFalse(tally.count("ssh", Kind.BEHIND_CURSOR));
        assertEquals(2, tally.drain().get("ssh").get(Kind.BEHIND_CURSOR).unshown());
        assertTrue(tally.count("ssh", Kind.BEHIND_CURSOR), "a new period shows lines again");
    }

    @Test
    void refusalsForAServiceNotOfferedAreNeverShownOneByOne() {
        assertFalse(tally.count("ssh", Kind.SERVICE_NOT_OFFERED));
    }

    @Test
    void kindsAreCountedApart() {
        tally.count("ssh", Kind.BEYOND_WINDOW);
        tally.count("ssh", Kind.THROTTLED);
        assertEquals(Map.of(Kind.BEYOND_WINDOW, new Count(1, 1), Kind.THROTTLED, new Count(1, 1)),
                tally.drain().get("ssh"));
    }
}
