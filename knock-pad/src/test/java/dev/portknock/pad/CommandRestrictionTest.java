package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.OneTimeScheme;
import dev.portknock.core.Profile;
import dev.portknock.core.Scheme;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A door's restriction of one command digit, and each pad's share of its values. */
class CommandRestrictionTest {
    private static final Profile PROFILE = Profile.defaults();
    private static final CommandRestriction SERVICES = CommandRestriction.of(PROFILE, 0, List.of(443, 22, 22));

    @Test
    void theAllowedValuesAreKeptSortedAndOnce() {
        assertEquals("digit 0 to [22, 443]", SERVICES.toString());
    }

    @Test
    void aCommandWithAnAllowedValueIsAllowed() {
        assertTrue(SERVICES.allows(new int[] {22, 443}, new int[] {443, 60, 1}));
    }

    @Test
    void aCommandWithAnotherValueIsRefused() {
        assertFalse(SERVICES.allows(new int[] {22, 443}, new int[] {80, 60, 1}));
    }

    @Test
    void everyAllowedValueIsCompared() {
        assertTrue(CommandRestriction.allows(new int[] {0, 4095}, 4095));
        assertTrue(CommandRestriction.allows(new int[] {0, 4095}, 0));
        assertFalse(CommandRestriction.allows(new int[] {0, 4095}, 1));
        assertFalse(CommandRestriction.allows(new int[0], 0));
    }

    @Test
    void withoutARestrictionNothingIsDecodedEarlyAndEveryCommandIsAllowed() {
        int[] block = new int[PROFILE.blockDigits()];
        int[] knock = new int[PROFILE.knockLength()];
        assertFalse(CommandRestriction.NONE.restricts());
        assertNull(CommandRestriction.NONE.decodeEarly(OneTimeScheme.of(PROFILE), block, knock));
        assertTrue(CommandRestriction.NONE.allows(new int[0], null));
    }

    @Test
    void aRestrictionDecodesTheCommandBeforeTheTags() {
        Profile raw = Profile.builder().scheme(Scheme.RAW).build();
        CommandRestriction restriction = CommandRestriction.of(raw, 0, List.of(22));
        int[] knock = new int[raw.knockLength()];
        knock[raw.tagDigits()] = 22;
        assertArrayEquals(new int[] {22, 0, 0},
                restriction.decodeEarly(OneTimeScheme.of(raw), new int[raw.blockDigits()], knock));
    }

    @Test
    void aPadWithoutServicesMayAskForWhatTheDoorAllows() {
        assertArrayEquals(new int[] {22, 443}, SERVICES.allowedFor("alice", List.of()));
    }

    @Test
    void aPadsServicesAreItsAllowedValues() {
        assertArrayEquals(new int[] {22}, SERVICES.allowedFor("alice", List.of(22)));
    }

    @Test
    void aPadsServiceMustBeOneTheDoorAllows() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SERVICES.allowedFor("alice", List.of(80)));
        assertEquals("pad alice: service 80 is not one the door allows [22, 443]", e.getMessage());
    }

    @Test
    void aPadsServicesNeedARestrictedDigit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CommandRestriction.NONE.allowedFor("alice", List.of(22)));
        assertEquals("pad alice: services need a restricted command digit (restrictCommandDigit)", e.getMessage());
    }

    @Test
    void theRestrictedDigitMustBeACommandDigit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CommandRestriction.of(PROFILE, 3, List.of(22)));
        assertEquals("restricted command digit must be in 0..2: 3", e.getMessage());
    }

    @Test
    void theAllowedValuesMustBeDigits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CommandRestriction.of(PROFILE, 0, List.of(4096)));
        assertEquals("allowed command value must be in 0..4095: 4096", e.getMessage());
    }

    @Test
    void theAllowedValuesMustNotBeEmpty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CommandRestriction.of(PROFILE, 0, List.of()));
        assertEquals("allowed command values must not be empty", e.getMessage());
    }
}
