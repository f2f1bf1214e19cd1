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
    /** When each call happened, by System.nanoTime: schedulers may run late on a busy machine, never early. */
    private final java.util.Map<String, Long> callTimes = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final LaunchScheduler scheduler = new LaunchScheduler(executor, Clock.systemUTC(), new LaunchScheduler.Events() {
        @Override
        public void opened(ServiceKey key, Instant until) {
            events.add("opened " + key.service());
        }

        @Override
        public void started(ServiceKey key) {
            events.add("started " + key.service());
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
        record("start " + request.service());
        return new Launch() {
            @Override
            public void extend(Duration remaining) {
                record("extend " + request.service());
            }

            @Override
            public void stop() {
                record("stop " + request.service());
            }
        };
    };

    private void record(String call) {
        callTimes.putIfAbsent(call, System.nanoTime());
        calls.add(call);
    }

    private Duration between(long fromNanos, String call) {
        return Duration.ofNanos(callTimes.get(call) - fromNanos);
    }

    /** Waits until {@code count} calls were made (or fails after ten seconds). */
    private void awaitCalls(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (calls.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + calls + " within 10 s");
            }
            Thread.sleep(5);
        }
    }

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
        long asked = System.nanoTime();
        scheduler.open(launcher, request(22, Duration.ofMillis(200)), Duration.ofMillis(100));
        awaitCalls(2);
        assertEquals(List.of("start 22", "stop 22"), calls);
        assertTrue(between(asked, "start 22").compareTo(Duration.ofMillis(100)) >= 0, "started early");
        assertTrue(between(asked, "stop 22").compareTo(Duration.ofMillis(300)) >= 0, "stopped early");
        settle(10);
        assertEquals(List.of("opened 22", "closed 22"), events);
        assertEquals(0, scheduler.active());
    }

    @Test
    void aRepeatedKnockExtendsInsteadOfStartingTwice() throws Exception {
        scheduler.open(launcher, request(22, Duration.ofMillis(300)), Duration.ZERO);
        awaitCalls(1);
        long again = System.nanoTime();
        scheduler.open(launcher, request(22, Duration.ofMillis(300)), Duration.ZERO);
        awaitCalls(3);
        assertEquals(List.of("start 22", "extend 22", "stop 22"), calls);
        assertTrue(between(again, "stop 22").compareTo(Duration.ofMillis(300)) >= 0,
                "the stop moved to 300 ms after the second knock");
    }

    @Test
    void aRepeatedKnockWhileStartIsPendingStartsOnce() throws Exception {
        scheduler.open(launcher, request(22, Duration.ofMillis(100)), Duration.ofMillis(100));
        scheduler.open(launcher, request(22, Duration.ofMillis(100)), Duration.ofMillis(100));
        awaitCalls(2);
        assertEquals(List.of("start 22", "stop 22"), calls);
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
    void runEachStartsOnEveryKnockAndStopsEachStartAfterItsOwnDuration() throws Exception {
        scheduler.runEach(launcher, request(0, Duration.ofMillis(300)));
        awaitCalls(1);
        long second = System.nanoTime();
        scheduler.runEach(launcher, request(0, Duration.ofMillis(300)));
        awaitCalls(4);
        assertEquals(List.of("start 0", "start 0", "stop 0", "stop 0"), calls);
        settle(10);
        assertEquals(List.of("opened 0", "opened 0", "closed 0", "closed 0"), events);
        assertTrue(Duration.ofNanos(System.nanoTime() - second).compareTo(Duration.ofMillis(300)) >= 0,
                "the second start's stop came 300 ms after it");
        assertEquals(0, scheduler.active());
    }

    @Test
    void runEachCountsEveryStartAsActiveUntilItsStop() throws Exception {
        scheduler.runEach(launcher, request(0, Duration.ofSeconds(60)));
        scheduler.runEach(launcher, request(0, Duration.ofSeconds(60)));
        awaitCalls(2);
        settle(10);
        assertEquals(2, scheduler.active());
    }

    @Test
    void aLaunchWithoutStopIsReportedStartedAndNeverClosed() throws Exception {
        Launcher commandOnly = request -> {
            record("start " + request.service());
            return new Launch() {
                @Override
                public boolean hasStop() {
                    return false;
                }

                @Override
                public void stop() {
                    record("stop " + request.service());
                }
            };
        };
        scheduler.runEach(commandOnly, request(0, Duration.ofMillis(50)));
        scheduler.open(commandOnly, request(22, Duration.ofMillis(50)), Duration.ZERO);
        awaitCalls(2);
        settle(200);
        assertEquals(List.of("start 0", "start 22"), calls);
        assertEquals(List.of("started 0", "started 22"), events);
        assertEquals(0, scheduler.active());
    }

    @Test
    void closeStopsEveryRunEachLaunch() throws Exception {
        scheduler.runEach(launcher, request(0, Duration.ofSeconds(60)));
        scheduler.runEach(launcher, request(0, Duration.ofSeconds(60)));
        awaitCalls(2);
        settle(10);
        scheduler.close();
        assertEquals(List.of("start 0", "start 0", "stop 0", "stop 0"), calls);
    }

    @Test
    void opensAfterCloseAreIgnored() throws Exception {
        scheduler.close();
        scheduler.open(launcher, request(22, Duration.ofSeconds(1)), Duration.ZERO);
        settle(50);
        assertTrue(calls.isEmpty());
    }
}
