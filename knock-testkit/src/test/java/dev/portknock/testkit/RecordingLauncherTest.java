package dev.portknock.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.spi.Launch;
import dev.portknock.spi.LaunchRequest;
import dev.portknock.testkit.RecordingLauncher.Action;
import dev.portknock.testkit.RecordingLauncher.Event;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The recording launcher keeps the launcher contract, and records what it is asked to do. */
class RecordingLauncherTest extends LauncherContract<RecordingLauncher> {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static LaunchRequest request(int lastOctet) throws IOException {
        return new LaunchRequest("ssh", 22, InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) lastOctet}),
                Duration.ofSeconds(30));
    }

    private static RecordingLauncher launcher() {
        return new RecordingLauncher(TestClock.at(T0));
    }

    @Override
    protected RecordingLauncher createLauncher() {
        return launcher();
    }

    @Override
    protected boolean isOpen(RecordingLauncher launcher, LaunchRequest request) {
        return launcher.open().contains(request);
    }

    @Test
    void recordsEachCallWithTheClockTime() throws IOException {
        TestClock clock = TestClock.at(T0);
        RecordingLauncher launcher = new RecordingLauncher(clock);
        LaunchRequest request = request(1);

        Launch launch = launcher.start(request);
        clock.advance(Duration.ofSeconds(1));
        launch.extend(Duration.ofSeconds(45));
        clock.advance(Duration.ofSeconds(1));
        launch.stop();

        assertEquals(List.of(
                new Event(Action.START, request, T0, Optional.empty()),
                new Event(Action.EXTEND, request, T0.plusSeconds(1), Optional.of(Duration.ofSeconds(45))),
                new Event(Action.STOP, request, T0.plusSeconds(2), Optional.empty())), launcher.events());
    }

    @Test
    void openListsLaunchesStartedAndNotStopped() throws IOException {
        RecordingLauncher launcher = launcher();
        Launch first = launcher.start(request(1));
        launcher.start(request(2));

        first.stop();

        assertEquals(List.of(request(2)), launcher.open());
    }

    @Test
    void stoppingTwiceIsRejected() throws IOException {
        Launch launch = launcher().start(request(1));
        launch.stop();

        assertEquals("the launch is already stopped",
                assertThrows(IllegalStateException.class, launch::stop).getMessage());
    }

    @Test
    void extendingAStoppedLaunchIsRejected() throws IOException {
        Launch launch = launcher().start(request(1));
        launch.stop();

        assertEquals("the launch is already stopped", assertThrows(IllegalStateException.class,
                () -> launch.extend(Duration.ofSeconds(1))).getMessage());
    }

    @Test
    void extendingByNothingIsRejected() throws IOException {
        Launch launch = launcher().start(request(1));

        assertEquals("remaining must be positive: PT0S", assertThrows(IllegalArgumentException.class,
                () -> launch.extend(Duration.ZERO)).getMessage());
    }

    @Test
    void aFailedStartThrowsTheGivenFailureAndIsRecorded() throws IOException {
        RecordingLauncher launcher = launcher();
        IOException failure = new IOException("sshd would not start");
        launcher.failNextStart(failure);

        assertSame(failure, assertThrows(IOException.class, () -> launcher.start(request(1))));
        assertEquals(List.of(new Event(Action.START_FAILED, request(1), T0, Optional.empty())), launcher.events());
        assertEquals(List.of(), launcher.open());
    }

    @Test
    void onlyTheNextStartFails() throws IOException {
        RecordingLauncher launcher = launcher();
        launcher.failNextStart(new IOException("once"));
        assertThrows(IOException.class, () -> launcher.start(request(1)));

        launcher.start(request(1));

        assertEquals(List.of(request(1)), launcher.open());
    }

    @Test
    void failuresQueueUpInOrder() throws IOException {
        RecordingLauncher launcher = launcher();
        launcher.failNextStart(new IOException("first"));
        launcher.failNextStart(new IOException("second"));

        assertEquals("first", assertThrows(IOException.class, () -> launcher.start(request(1))).getMessage());
        assertEquals("second", assertThrows(IOException.class, () -> launcher.start(request(1))).getMessage());
    }

    @Test
    void startingAfterCloseIsRejected() {
        RecordingLauncher launcher = launcher();
        launcher.close();

        assertEquals("the launcher is closed",
                assertThrows(IllegalStateException.class, () -> launcher.start(request(1))).getMessage());
        assertTrue(launcher.isClosed());
    }

    @Test
    void closingLeavesLaunchesOpenAndStoppable() throws IOException {
        RecordingLauncher launcher = launcher();
        Launch launch = launcher.start(request(1));

        launcher.close();
        assertEquals(List.of(request(1)), launcher.open());

        launch.stop();
        assertEquals(List.of(), launcher.open());
    }

    @Test
    void awaitEventsWaitsForAnotherThread() throws Exception {
        RecordingLauncher launcher = launcher();
        Thread server = new Thread(() -> {
            try {
                launcher.start(request(1)).stop();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        server.start();

        List<Event> events = launcher.awaitEvents(2, Duration.ofSeconds(10));
        server.join();

        assertEquals(List.of(Action.START, Action.STOP), events.stream().map(Event::action).toList());
    }

    @Test
    void awaitEventsTimesOutListingWhatCame() throws IOException {
        RecordingLauncher launcher = launcher();
        launcher.start(request(1));

        TimeoutException timeout = assertThrows(TimeoutException.class,
                () -> launcher.awaitEvents(2, Duration.ofMillis(20)));

        assertEquals("expected 2 launcher events within PT0.02S, got 1: " + launcher.events(), timeout.getMessage());
    }

    @Test
    void awaitEventsAnswersAtOnceWhenEnoughAreThere() throws Exception {
        RecordingLauncher launcher = launcher();
        launcher.start(request(1));

        assertEquals(launcher.events(), launcher.awaitEvents(1, Duration.ZERO));
    }

    @Test
    void concurrentCallsAreAllRecorded() throws Exception {
        RecordingLauncher launcher = new RecordingLauncher(Clock.fixed(T0, ZoneOffset.UTC));
        int threads = 8;
        int perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int octet = t + 1;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        Launch launch = launcher.start(request(octet));
                        launch.extend(Duration.ofSeconds(5));
                        if (i % 2 == 0) {
                            launch.stop();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(threads * perThread * 5 / 2, launcher.events().size());
        assertEquals(threads * perThread / 2, launcher.open().size());
    }

    @Test
    void anEventHasARemainingDurationExactlyWhenItIsAnExtension() throws IOException {
        LaunchRequest request = request(1);

        assertEquals("only an extension has a remaining duration", assertThrows(IllegalArgumentException.class,
                () -> new Event(Action.START, request, T0, Optional.of(Duration.ofSeconds(1)))).getMessage());
        assertEquals("only an extension has a remaining duration", assertThrows(IllegalArgumentException.class,
                () -> new Event(Action.EXTEND, request, T0, Optional.empty())).getMessage());
    }

    @Test
    void theProviderCreatesLaunchersOnItsClockAndRemembersThem() throws IOException {
        RecordingLauncherProvider provider = new RecordingLauncherProvider(Clock.fixed(T0, ZoneOffset.UTC));

        RecordingLauncher launcher = provider.create(Map.of());
        launcher.start(request(1));

        assertEquals(List.of(launcher), provider.created());
        assertEquals(T0, launcher.events().get(0).time());
    }

    @Test
    void theProviderTakesNoSettings() {
        RecordingLauncherProvider provider = new RecordingLauncherProvider();

        assertEquals("the recording launcher takes no settings: start_command, stop_command",
                assertThrows(IllegalArgumentException.class,
                        () -> provider.create(Map.of("stop_command", "x", "start_command", "y"))).getMessage());
    }

    @Test
    void theProviderHasItsIdAndNeedsNothing() {
        RecordingLauncherProvider provider = new RecordingLauncherProvider();

        assertEquals("recording", provider.id());
        assertEquals(Set.of(), provider.requirements());
    }
}
