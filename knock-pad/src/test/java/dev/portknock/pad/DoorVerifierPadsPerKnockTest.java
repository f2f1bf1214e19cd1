package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portknock.core.Profile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many pads one knock is checked against: what a door of many pads takes off PROTOCOL.md
 * §3.3's year bound ({@link DoorVerifier#mostPadsPerKnock()}).
 */
class DoorVerifierPadsPerKnockTest {
    private static final Profile ONE_HINT_DIGIT = Profile.defaults();
    private static final Profile TWO_HINT_DIGITS = Profile.builder().hintDigits(2).build();

    @TempDir
    Path dir;
    private final InMemoryPadStateStore store = new InMemoryPadStateStore();

    private Pad pad(Profile profile, String name) throws IOException {
        Pad pad = TestPads.fromSeed(dir, name, profile.digitBits(), 400 * profile.blockDigits());
        store.create(PadState.fresh(pad.id(), Side.SERVER));
        return pad;
    }

    private DoorVerifier door(Profile profile, String... names) throws IOException {
        DoorVerifier.Builder builder = DoorVerifier.builder(profile, store);
        Pad[] pads = new Pad[names.length];
        for (int i = 0; i < names.length; i++) {
            pads[i] = pad(profile, names[i]);
        }
        return builder.pads(pads).build();
    }

    @Test
    void freshPadsWithOneHintDigitAreAllCheckedAgainstEachKnock() throws IOException {
        assertEquals(3, door(ONE_HINT_DIGIT, "alice", "bob", "carol").mostPadsPerKnock());
    }

    @Test
    void freshPadsWithTwoHintDigitsAreCheckedAgainstAKnockOneAtATime() throws IOException {
        assertEquals(1, door(TWO_HINT_DIGITS, "alice", "bob", "carol").mostPadsPerKnock());
    }

    @Test
    void revokedPadsOpenNothingSoTheyAreLeftOut() throws IOException {
        Pad alice = pad(ONE_HINT_DIGIT, "alice");
        Pad bob = pad(ONE_HINT_DIGIT, "bob");
        DoorVerifier verifier = DoorVerifier.builder(ONE_HINT_DIGIT, store).pads(alice)
                .revokedPads(List.of(new RevokedPad(bob, "bob-phone", 0))).build();

        assertEquals(1, verifier.mostPadsPerKnock());
    }
}
