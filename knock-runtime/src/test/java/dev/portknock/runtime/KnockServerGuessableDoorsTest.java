package dev.portknock.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.OneTimeDoor;
import dev.portknock.core.Profile;
import dev.portknock.pad.InMemoryPadStateStore;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import dev.portknock.testkit.InMemoryCapture;
import dev.portknock.testkit.RecordingLauncher;
import dev.portknock.testkit.TestPads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warning about doors a year of guessing would open (PROTOCOL.md §3.3), for doors of many pads:
 * each forged knock may be tried against every pad its hint names.
 */
class KnockServerGuessableDoorsTest {
    /** k=15, A=5: 75 bits, 2^-30.16 over a year with one pad per knock, 2^-28.6 with three. */
    private static final Profile ONE_HINT_DIGIT = Profile.builder().base(20000).digitBits(15).tagDigits(5).build();
    private static final Profile TWO_HINT_DIGITS = ONE_HINT_DIGIT.toBuilder().hintDigits(2).build();
    private static final String THREE_PADS_WARNING = "door ssh: a year of a million forged knocks a second would open"
            + " it with probability 2^-28.6 (a knock is checked against up to 3 of its pads; hint_digits = 2 spreads"
            + " them apart); 6 tag digits would make it 2^-30 or less";

    @TempDir
    Path directory;

    private final InMemoryCapture capture = new InMemoryCapture();
    private final RecordingLauncher launcher = new RecordingLauncher(Clock.systemUTC());
    private final InMemoryPadStateStore store = new InMemoryPadStateStore();
    private final Map<String, Pad> written = new HashMap<>();
    private KnockServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ServerDoor door(Profile profile, String... padNames) throws IOException {
        List<Pad> pads = new ArrayList<>();
        for (String name : padNames) {
            pads.add(written.computeIfAbsent(profile.hintDigits() + "-" + name, seed -> seeded(seed, profile)));
        }
        return ServerDoor.oneTime(new OneTimeDoor("ssh", profile), store).pads(pads)
                .service(22, launcher).defaultDuration(Duration.ofSeconds(5)).maxDuration(Duration.ofSeconds(30)).build();
    }

    /** A test pad with its fresh server state. */
    private Pad seeded(String seed, Profile profile) {
        try {
            Pad pad = TestPads.seeded(directory, seed, profile, 10);
            store.create(PadState.fresh(pad.id(), Side.SERVER));
            return pad;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void serve(ServerDoor door) throws IOException {
        server = KnockServer.builder().capture(capture).door(door).build();
        server.start();
    }

    @Test
    void aDoorWithOnePadWithinTheYearBoundIsNotWarnedAbout() throws Exception {
        ServerDoor door = door(ONE_HINT_DIGIT, "alice");
        assertFalse(StandardErrorLog.during(() -> serve(door)).contains("forged knocks"));
    }

    @Test
    void threeFreshPadsSharingEveryHintTakeTheDoorBelowTheYearBound() throws Exception {
        ServerDoor door = door(ONE_HINT_DIGIT, "alice", "bob", "carol");
        String logged = StandardErrorLog.during(() -> serve(door));
        assertTrue(logged.contains(THREE_PADS_WARNING), logged);
    }

    @Test
    void twoHintDigitsKeepThreePadsWithinTheYearBound() throws Exception {
        ServerDoor door = door(TWO_HINT_DIGITS, "alice", "bob", "carol");
        assertFalse(StandardErrorLog.during(() -> serve(door)).contains("forged knocks"));
    }

    @Test
    void aReloadThatAddsPadsIsWarnedAboutToo() throws Exception {
        serve(door(ONE_HINT_DIGIT, "alice"));
        ServerDoor more = door(ONE_HINT_DIGIT, "alice", "bob", "carol");
        String logged = StandardErrorLog.during(() -> server.replaceDoors(List.of(more)));
        assertTrue(logged.contains(THREE_PADS_WARNING), logged);
    }
}
