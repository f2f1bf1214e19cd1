package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which outcomes say the knock's tags were right ({@link Verification#isGenuine()}). */
class VerificationTest {
    private static final PadId PAD = TestPads.idOf("genuine");

    private static Verification.Rejected rejected(Verification.Reason reason) {
        return new Verification.Rejected(reason);
    }

    @Test
    void anAcceptedKnockIsGenuine() {
        assertTrue(new Verification.Accepted(PAD, "alice", 3, new int[] {22}, 10, false).isGenuine());
    }

    @Test
    void aRevokedPadsKnockIsGenuine() {
        assertTrue(new Verification.Revoked(PAD, "alice").isGenuine());
    }

    @Test
    void aKnockBehindTheCursorIsGenuine() {
        assertTrue(rejected(Verification.Reason.BEHIND_CURSOR).isGenuine());
    }

    @Test
    void aKnockBeyondTheWindowIsGenuine() {
        assertTrue(rejected(Verification.Reason.BEYOND_WINDOW).isGenuine());
    }

    @Test
    void aKnockWithBadTagsIsNotGenuine() {
        assertFalse(rejected(Verification.Reason.BAD_TAGS).isGenuine());
    }

    @Test
    void aKnockWithBadDigitsIsNotGenuine() {
        assertFalse(rejected(Verification.Reason.BAD_DIGITS).isGenuine());
    }

    @Test
    void aKnockWithoutCandidateIsNotGenuine() {
        assertFalse(rejected(Verification.Reason.NO_CANDIDATE).isGenuine());
    }

    @Test
    void aKnockForACommandNotAllowedIsNotGenuine() {
        // refused before its tags were checked: nothing says they were right
        assertFalse(rejected(Verification.Reason.COMMAND_NOT_ALLOWED).isGenuine());
    }

    @Test
    void aThrottledKnockIsNotGenuine() {
        assertFalse(new Verification.Throttled().isGenuine());
    }

    @Test
    void aKnockOnAnExhaustedDoorIsNotGenuine() {
        assertFalse(new Verification.Exhausted(PAD, "alice").isGenuine());
    }
}
