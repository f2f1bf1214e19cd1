package dev.portknock.runtime.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portknock.core.OneTimeDoor;
import dev.portknock.core.Profile;
import dev.portknock.pad.InMemoryPadStateStore;
import dev.portknock.pad.Pad;
import dev.portknock.runtime.KnockServer;
import dev.portknock.runtime.ServerDoor;
import dev.portknock.spi.LaunchRequest;
import dev.portknock.testkit.InMemoryCapture;
import dev.portknock.testkit.RecordingLauncher;
import dev.portknock.testkit.TestClock;
import dev.portknock.testkit.TestKnockClient;
import dev.portknock.testkit.TestPads;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshDoorTest {
    @TempDir
    Path directory;

    @Test
    void aKnockForServiceTwentyTwoOpensSshForAMinute() throws Exception {
        Profile profile = Profile.defaults();
        Pad pad = TestPads.seeded(directory, "ssh-door", profile, 10);   // for tests only, never a real pad
        TestClock clock = TestClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        InMemoryCapture capture = new InMemoryCapture();
        RecordingLauncher ssh = new RecordingLauncher(clock);
        ServerDoor door = ServerDoor.oneTime(new OneTimeDoor("ssh", profile), InMemoryPadStateStore.withFreshServerStates(pad))
                .pads(pad).clock(clock).service(22, ssh).build();

        try (KnockServer server = KnockServer.builder().clock(clock).capture(capture).door(door).build()) {
            server.start();
            TestKnockClient.of(profile, pad, capture, clock).knock(22, 60, 0);   // service 22, 60 s, no delay

            RecordingLauncher.Event opened = ssh.awaitEvents(1, Duration.ofSeconds(10)).get(0);
            assertEquals(RecordingLauncher.Action.START, opened.action());
            assertEquals(new LaunchRequest("ssh", 22, TestKnockClient.DEFAULT_SOURCE, Duration.ofSeconds(60)),
                    opened.request());
        }
    }
}
