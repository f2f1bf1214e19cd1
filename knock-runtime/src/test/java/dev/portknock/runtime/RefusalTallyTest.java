package dev.portknock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefusalTallyTest {
    private final RefusalTally tally = new RefusalTally(List.of("ssh", "web", "mail"));

    @Test
    void drainingReportsEachDoorsRefusalsInDoorOrder() {
        tally.count("mail");
        tally.count("ssh");
        tally.count("mail");
        assertEquals(List.of(Map.entry("ssh", 1L), Map.entry("mail", 2L)), List.copyOf(tally.drain().entrySet()));
    }

    @Test
    void drainingStartsTheCountsAgain() {
        tally.count("web");
        tally.drain();
        tally.count("web");
        assertEquals(Map.of("web", 1L), tally.drain());
    }

    @Test
    void withoutRefusalsThereIsNothingToReport() {
        assertEquals(Map.of(), tally.drain());
    }
}
