package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.examples.config.Options;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class WarmUpKnocksTest {
    private static final Options FILE_SETS_NONE = Options.none();

    private static Options fileSets(int warmUpKnocks) {
        Options none = Options.none();
        return new Options(none.logFile(), none.useSyslog(), none.pidFile(), none.networkInterface(),
                none.lockDirectory(), none.holesJournal(), none.controlSocket(), none.metrics(), none.maxSources(),
                OptionalInt.of(warmUpKnocks));
    }

    @Test
    void withoutFileKeyOrPropertyThreeHundredKnocksWarmUp() {
        assertEquals(300, WarmUpKnocks.of(FILE_SETS_NONE, Optional.empty()));
    }

    @Test
    void thePropertyGivesTheDefaultAsThePackagesLauncherSetsIt() {
        assertEquals(0, WarmUpKnocks.of(FILE_SETS_NONE, Optional.of("0")));
    }

    @Test
    void theFilesWarmUpKnocksWinOverTheProperty() {
        assertEquals(300, WarmUpKnocks.of(fileSets(300), Optional.of("0")));
    }

    @Test
    void aPropertyAboveTenThousandIsRefused() {
        assertEquals("system property dev.portknock.warm_up_knocks must be a whole number in 0..10000: '10001'",
                assertThrows(IllegalArgumentException.class,
                        () -> WarmUpKnocks.of(FILE_SETS_NONE, Optional.of("10001"))).getMessage());
    }

    @Test
    void aPropertyThatIsNoWholeNumberIsRefused() {
        for (String value : new String[] {"", "-1", "+8", " 8", "8k", "9".repeat(10)}) {
            assertEquals("system property dev.portknock.warm_up_knocks must be a whole number in 0..10000: '"
                            + value + "'",
                    assertThrows(IllegalArgumentException.class,
                            () -> WarmUpKnocks.of(FILE_SETS_NONE, Optional.of(value))).getMessage());
        }
    }
}
