package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.core.Profile;
import dev.portknock.core.Scheme;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A door that restricts its service digit: knocks for other services are refused before their tags. */
class DoorVerifierCommandRestrictionTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Profile SEALED = Profile.defaults();
    private static final Verification NOT_ALLOWED = new Verification.Rejected(Verification.Reason.COMMAND_NOT_ALLOWED);
    private static final InetAddress CLIENT = address("192.0.2.10");

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryPadStateStore store = new InMemoryPadStateStore();

    private Pad pad(Profile profile) throws IOException {
        Pad pad = TestPads.fromSeed(dir, "restricted", profile.digitBits(), 16 * profile.blockDigits());
        store.create(PadState.fresh(pad.id(), Side.SERVER));
        return pad;
    }

    private DoorVerifier sshOnly(Profile profile, Pad pad) throws IOException {
        return DoorVerifier.builder(profile, store).pads(pad).clock(clock).restrictCommandDigit(0, List.of(22)).build();
    }

    private int[] knock(Profile profile, Pad pad, int service) throws IOException {
        return new KnockIssuer(profile, pad, new InMemoryPadStateStore(), clock)
                .issue(new int[] {service, 60, 1}, Optional.of(CLIENT)).digits();
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aKnockForAnAllowedServiceIsAccepted() throws IOException {
        Pad pad = pad(SEALED);
        assertInstanceOf(Verification.Accepted.class, sshOnly(SEALED, pad).verify(knock(SEALED, pad, 22), CLIENT));
    }

    @Test
    void aGenuineKnockForAServiceNotAllowedIsRefusedAndConsumesNothing() throws IOException {
        Pad pad = pad(SEALED);
        DoorVerifier verifier = sshOnly(SEALED, pad);
        assertEquals(NOT_ALLOWED, verifier.verify(knock(SEALED, pad, 23), CLIENT));
        verifier.saveFailures();
        assertEquals(PadState.fresh(pad.id(), Side.SERVER), store.read(pad.id(), Side.SERVER));
    }

    @Test
    void knocksRefusedForTheirCommandNeverThrottleTheDoor() throws IOException {
        Pad pad = pad(SEALED);
        DoorVerifier verifier = sshOnly(SEALED, pad);
        int[] good = knock(SEALED, pad, 22);
        int[] otherService = good.clone();
        otherService[1] ^= 1;
        for (int i = 0; i < 100; i++) {
            assertEquals(NOT_ALLOWED, verifier.verify(otherService, address("198.51.100." + (i + 1))));
        }
        assertInstanceOf(Verification.Accepted.class, verifier.verify(good, CLIENT));
    }

    @Test
    void aForgedKnockForAnAllowedServiceStillFailsOnItsTags() throws IOException {
        Pad pad = pad(SEALED);
        int[] forged = knock(SEALED, pad, 22);
        forged[forged.length - 1] ^= 1;
        assertEquals(new Verification.Rejected(Verification.Reason.BAD_TAGS), sshOnly(SEALED, pad).verify(forged, CLIENT));
    }

    @Test
    void aRawDoorRestrictsItsClearCommand() throws IOException {
        Profile raw = Profile.builder().scheme(Scheme.RAW).build();
        Pad pad = pad(raw);
        DoorVerifier verifier = sshOnly(raw, pad);
        assertEquals(NOT_ALLOWED, verifier.verify(knock(raw, pad, 23), CLIENT));
        assertInstanceOf(Verification.Accepted.class, verifier.verify(knock(raw, pad, 22), CLIENT));
    }

    @Test
    void theRestrictedDigitMustBeACommandDigit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DoorVerifier.builder(SEALED, store).restrictCommandDigit(3, List.of(22)));
        assertEquals("restricted command digit must be in 0..2: 3", e.getMessage());
    }

    @Test
    void aProfileWithoutCommandDigitsHasNothingToRestrict() {
        Profile noCommand = Profile.builder().commandDigits(0).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DoorVerifier.builder(noCommand, store).restrictCommandDigit(0, List.of(22)));
        assertEquals("the profile has no command digits to restrict", e.getMessage());
    }

    @Test
    void theAllowedValuesMustNotBeEmpty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DoorVerifier.builder(SEALED, store).restrictCommandDigit(0, List.of()));
        assertEquals("allowed command values must not be empty", e.getMessage());
    }

    @Test
    void anAllowedValueMustBeADigit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DoorVerifier.builder(SEALED, store).restrictCommandDigit(0, List.of(22, 4096)));
        assertEquals("allowed command value must be in 0..4095: 4096", e.getMessage());
    }

    @Test
    void theRestrictionIsSetOnce() {
        DoorVerifier.Builder builder = DoorVerifier.builder(SEALED, store).restrictCommandDigit(0, List.of(22));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> builder.restrictCommandDigit(0, List.of(23)));
        assertEquals("command restriction already set to digit 0 to [22]", e.getMessage());
    }
}
