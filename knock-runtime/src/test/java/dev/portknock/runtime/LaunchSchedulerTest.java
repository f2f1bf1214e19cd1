package dev.portknock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.spi.Launch;
import dev.portknock.spi.LaunchRequest;
import dev.portknock.spi.Launcher;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LaunchSchedulerTest {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final LaunchScheduler scheduler = new LaunchScheduler(executor, Clock.systemUTC(), new LaunchScheduler.Events() {
        @Override
        public void opened(ServiceKey key, Instant until) {
            events.add("opened " + key.service());
        }

        @Override
        public void extended(ServiceKey key, Instant until) {
            events.add("extended " + key.service());
        }

        @Override
        public void closed(ServiceKey key) {
            events.add("closed " + key.service());
        }

        @Override
        public void failed(ServiceKey key, String action, IOException error) {
            events.add("failed " + action + " " + error.getMessage());
        }
    });

    private final Launcher launcher = request -> {
        calls.add("start " + request.service());
        return new Launch() {
            @Override
            public void extend(Duration remaining) {
                calls.add("extend " + request.service());
            }

            @Override
            public void stop() {
                calls.add("stop " + request.service());
            }
        };
    };

    @AfterEach
    void shutDown() {
        executor.shutdownNow();
    }

    private static LaunchRequest request(int service, Duration duration) throws Exception {
        return new LaunchRequest("door", service, InetAddress.getByName("192.0.2.10"), duration);
    }

    private void settle(long millis) throws Exception {
        executor.schedule(() -> { }, millis, TimeUnit.MILLISECONDS).get();
    }

    @Test
    void startsAfterTheDelayAndStopsAfterTheDuration() throws Exception {
        scheduler.open(launcher, request(22, Duration.ofMillis(200)), Duration.ofMillis(100));
        settle(50);
        assertEquals(List.of(), calls);
        settle(100);
        assertEquals(List.of("start 22"), calls);
        settle(250);
        assertEquals(List.of("start 22", "stop 22"), calls);
        assertEquals(List.of("opened 22", "closed 22"), events);
        assertEquals(0, scheduler.active());
    }

    @Test
    void aRepeatedKnockExtendsInsteadOfStartingTwice() throws Exception {
        scheduler.open(launcher, request(22, Duration.ofMillis(300)), Duration.ZERO);
        settle(100);
        scheduler.open(launcher, request(22, Duration.ofMillis(300)), Duration.ZERO);
        settle(250);
        assertEquals(List.of("start 22", "extend 22"), calls, "still open past the first stop time");
        settle(200);
        assertEquals(List.of("start 22", "extend 22", "stop 22"), calls);
    }

    @Test
    void aRepeatedKnockWhileStartIsPendingStartsOnce() throws Exception {
        scheduler.open(launcher, request(22, Duration.ofMillis(100)), Duration.ofMillis(100));
        scheduler.open(launcher, request(22, Duration.ofMillis(100)), Duration.ofMillis(100));
        settle(150);
        assertEquals(List.of("start 22"), calls);
        assertEquals(1, scheduler.active());
    }

    @Test
    void closeStopsEverythingOpenAndCancelsPendingStarts() throws Exception {
        scheduler.open(launcher, request(22, Duration.ofSeconds(60)), Duration.ZERO);
        scheduler.open(launcher, request(80, Duration.ofSeconds(60)), Duration.ofSeconds(60));
        settle(50);
        scheduler.close();
        settle(10);
        assertEquals(List.of("start 22", "stop 22"), calls);
        assertEquals(0, scheduler.active());
    }

    @Test
    void aFailedStartIsReportedAndForgotten() throws Exception {
        Launcher failing = request -> {
            throw new IOException("no such daemon");
        };
        scheduler.open(failing, request(22, Duration.ofSeconds(1)), Duration.ZERO);
        settle(50);
        assertEquals(List.of("failed start no such daemon"), events);
        assertEquals(0, scheduler.active());
    }

    @Test
    void opensAfterCloseAreIgnored() throws Exception {
        scheduler.close();
        scheduler.open(launcher, request(22, Duration.ofSeconds(1)), Duration.ZERO);
        settle(50);
        assertTrue(calls.isEmpty());
    }
}
