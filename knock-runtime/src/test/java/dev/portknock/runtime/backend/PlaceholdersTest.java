package dev.portknock.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {
    private final Placeholders values = new Placeholders(
            Map.of("IP", "192.0.2.10", "PORT", "22", "SERVICE", "3", "DURATION", "60"));

    @Test
    void replacesEveryPlaceholderInsideText() {
        assertEquals("--src=192.0.2.10:22 svc3 60s", values.substitute("--src=%IP%:%PORT% svc%SERVICE% %DURATION%s"));
    }

    @Test
    void leavesOtherPercentTextAlone() {
        assertEquals("+%H:%M %ip% %% %IP", values.substitute("+%H:%M %ip% %% %IP"));
    }

    @Test
    void substitutedValuesAreNotScannedAgain() {
        Placeholders tricky = new Placeholders(Map.of("IP", "%SERVICE%", "SERVICE", "7"));
        assertEquals("%SERVICE% 7", tricky.substitute("%IP% %SERVICE%"));
    }

    @Test
    void replacementCharactersOfRegexesAreLiteral() {
        Placeholders tricky = new Placeholders(Map.of("IP", "$1\\"));
        assertEquals("a$1\\b", tricky.substitute("a%IP%b"));
    }

    @Test
    void placeholderWithoutValueIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Placeholders(Map.of()).substitute("x %PORT%"));
        assertEquals("no value for placeholder %PORT%", e.getMessage());
    }
}
