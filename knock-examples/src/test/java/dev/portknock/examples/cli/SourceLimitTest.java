package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.examples.config.Options;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SourceLimitTest {
    private static final Options FILE_SETS_NONE = Options.none();

    private static Options fileSets(int maxSources) {
        Options none = Options.none();
        return new Options(none.logFile(), none.useSyslog(), none.pidFile(), none.networkInterface(),
                none.lockDirectory(), none.holesJournal(), none.controlSocket(), none.metrics(),
                OptionalInt.of(maxSources), none.warmUpKnocks());
    }

    @Test
    void withoutFileKeyOrPropertyTheLibraryDefaultHolds() {
        assertEquals(65536, SourceLimit.of(FILE_SETS_NONE, Optional.empty()));
    }

    @Test
    void thePropertyGivesTheDefault() {
        assertEquals(8192, SourceLimit.of(FILE_SETS_NONE, Optional.of("8192")));
    }

    @Test
    void theFilesMaxSourcesWinsOverTheProperty() {
        assertEquals(300, SourceLimit.of(fileSets(300), Optional.of("8192")));
    }

    @Test
    void theFilesMaxSourcesIsTakenWhateverThePropertySays() {
        assertEquals(300, SourceLimit.of(fileSets(300), Optional.of("garbage")));
    }

    @Test
    void aPropertyOfZeroIsRefused() {
        assertEquals("system property dev.portknock.max_sources must be a whole number in 1..16777216: '0'",
                assertThrows(IllegalArgumentException.class,
                        () -> SourceLimit.of(FILE_SETS_NONE, Optional.of("0"))).getMessage());
    }

    @Test
    void aPropertyAboveSixteenMillionIsRefused() {
        assertEquals("system property dev.portknock.max_sources must be a whole number in 1..16777216: '16777217'",
                assertThrows(IllegalArgumentException.class,
                        () -> SourceLimit.of(FILE_SETS_NONE, Optional.of("16777217"))).getMessage());
    }

    @Test
    void anEmptyPropertyIsRefused() {
        assertEquals("system property dev.portknock.max_sources must be a whole number in 1..16777216: ''",
                assertThrows(IllegalArgumentException.class,
                        () -> SourceLimit.of(FILE_SETS_NONE, Optional.of(""))).getMessage());
    }

    @Test
    void aPropertyThatIsNoWholeNumberIsRefused() {
        for (String value : new String[] {"-1", "+8", " 8", "8k", "1e4", "0x10"}) {
            assertEquals("system property dev.portknock.max_sources must be a whole number in 1..16777216: '"
                            + value + "'",
                    assertThrows(IllegalArgumentException.class,
                            () -> SourceLimit.of(FILE_SETS_NONE, Optional.of(value))).getMessage());
        }
    }

    @Test
    void anOversizedPropertyIsEchoedShortened() {
        String value = "9".repeat(100);
        assertEquals("system property dev.portknock.max_sources must be a whole number in 1..16777216: '"
                        + "9".repeat(40) + "...'",
                assertThrows(IllegalArgumentException.class,
                        () -> SourceLimit.of(FILE_SETS_NONE, Optional.of(value))).getMessage());
    }
}
