package dev.portknock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.core.OneTimeDoor;
import dev.portknock.core.Profile;
import dev.portknock.pad.DoorVerifier;
import dev.portknock.pad.InMemoryPadStateStore;
import dev.portknock.pad.Pad;
import dev.portknock.testkit.RecordingLauncher;
import dev.portknock.testkit.TestClock;
import dev.portknock.testkit.TestPads;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A one-time door's builder takes each option, and each service number, once. */
class ServerDoorBuilderTest {
    @TempDir
    Path directory;

    private final Profile profile = Profile.defaults();
    private final RecordingLauncher launcher = new RecordingLauncher(TestClock.at(Instant.EPOCH));
    private ServerDoor.Builder builder;

    @BeforeEach
    void startABuilder() throws IOException {
        Pad pad = TestPads.seeded(directory, "door", profile, 1);
        DoorVerifier verifier = DoorVerifier.builder(profile, InMemoryPadStateStore.withFreshServerStates(pad))
                .pads(pad).build();
        builder = ServerDoor.oneTime(new OneTimeDoor("ssh", profile), verifier);
    }

    @Test
    void aServiceNumberGivenTwiceNamesTheLauncherItAlreadyHas() {
        builder.service(22, launcher);

        assertEquals("service 22 already set to " + launcher, assertThrows(IllegalStateException.class,
                () -> builder.service(22, new RecordingLauncher(TestClock.at(Instant.EPOCH)))).getMessage());
    }

    @Test
    void twoServiceNumbersAreTwoOptions() {
        builder.service(22, launcher).service(443, launcher);

        assertEquals(Set.of(22, 443), builder.build().services());
    }

    @Test
    void aDurationSetTwiceNamesTheDurationItAlreadyHas() {
        builder.maxDuration(Duration.ofMinutes(10));

        assertEquals("max duration already set to PT10M", assertThrows(IllegalStateException.class,
                () -> builder.maxDuration(Duration.ofMinutes(5))).getMessage());
    }

    @Test
    void aRejectedValueDoesNotCountAsSet() {
        assertThrows(IllegalArgumentException.class, () -> builder.maxDuration(Duration.ZERO));

        builder.maxDuration(Duration.ofMinutes(5));
        assertEquals("max duration already set to PT5M", assertThrows(IllegalStateException.class,
                () -> builder.maxDuration(Duration.ofMinutes(6))).getMessage());
    }
}
