package dev.portknock.testkit;

import dev.portknock.spi.Launch;
import dev.portknock.spi.LaunchRequest;
import dev.portknock.spi.Launcher;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A launcher that opens nothing and records every start, extension and stop with the time of an
 * injected clock, for tests of servers. Tests query what happened ({@link #events()}), what is
 * open now ({@link #open()}), wait for an asynchronous server to act ({@link #awaitEvents(int,
 * Duration)}), and make the next start fail ({@link #failNextStart(IOException)}).
 *
 * <p>Stricter than a real launcher to catch server bugs: stopping or extending a launch that was
 * already stopped, and starting after {@link #close()}, throw {@link IllegalStateException}.
 * Thread-safe.
 */
public final class RecordingLauncher implements Launcher {
    /** What happened to a launch. */
    public enum Action {
        /** The service was opened. */
        START,
        /** A start was asked for and failed as told by {@link #failNextStart(IOException)}. */
        START_FAILED,
        /** An open launch was extended. */
        EXTEND,
        /** An open launch was stopped. */
        STOP
    }

    /**
     * One recorded call.
     *
     * @param action what was done
     * @param request the request of the launch it was done to
     * @param time the clock's time when it was done
     * @param remaining for {@link Action#EXTEND}, how long the launch now lasts; empty otherwise
     */
    public record Event(Action action, LaunchRequest request, Instant time, Optional<Duration> remaining) {
        /** Validates the event. */
        public Event {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(remaining, "remaining");
            if (remaining.isPresent() != (action == Action.EXTEND)) {
                throw new IllegalArgumentException("only an extension has a remaining duration");
            }
        }
    }

    private final Clock clock;
    /** Guards all state below and is notified whenever an event is recorded. */
    private final Object lock = new Object();
    private final List<Event> events = new ArrayList<>();
    private final List<RecordedLaunch> open = new ArrayList<>();
    private final Deque<IOException> failures = new ArrayDeque<>();
    private boolean closed;

    /** A launcher stamping events with the clock's time. */
    public RecordingLauncher(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Records the start and returns a launch that records its extensions and its stop; or, when
     * told to, records a failed start and throws.
     *
     * @throws IOException the failure given to {@link #failNextStart(IOException)}
     * @throws IllegalStateException when the launcher is closed
     */
    @Override
    public Launch start(LaunchRequest request) throws IOException {
        Objects.requireNonNull(request, "request");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the launcher is closed");
            }
            IOException failure = failures.poll();
            if (failure != null) {
                record(Action.START_FAILED, request, Optional.empty());
                throw failure;
            }
            RecordedLaunch launch = new RecordedLaunch(request);
            open.add(launch);
            record(Action.START, request, Optional.empty());
            return launch;
        }
    }

    /**
     * Makes the next start throw the failure instead of opening anything. Called several times,
     * that many starts fail, in order.
     */
    public void failNextStart(IOException failure) {
        Objects.requireNonNull(failure, "failure");
        synchronized (lock) {
            failures.add(failure);
        }
    }

    /** Everything recorded so far, oldest first. */
    public List<Event> events() {
        synchronized (lock) {
            return List.copyOf(events);
        }
    }

    /** The requests of the launches started and not yet stopped, oldest first. */
    public List<LaunchRequest> open() {
        synchronized (lock) {
            return open.stream().map(launch -> launch.request).toList();
        }
    }

    /**
     * Waits until at least {@code count} events are recorded, for servers that act on their own
     * threads.
     *
     * @return everything recorded by then, oldest first
     * @throws TimeoutException when fewer than {@code count} events are recorded within the
     *     timeout; the message lists those that were
     * @throws InterruptedException when interrupted while waiting
     */
    public List<Event> awaitEvents(int count, Duration timeout) throws InterruptedException, TimeoutException {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        // a monotonic deadline for the wait itself; event times come from the injected clock
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (events.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("expected " + count + " launcher events within " + timeout
                            + ", got " + events.size() + ": " + events);
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return List.copyOf(events);
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** Refuses further starts; launches still open stay open, as with any launcher. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
    }

    private void record(Action action, LaunchRequest request, Optional<Duration> remaining) {
        events.add(new Event(action, request, clock.instant(), remaining));
        lock.notifyAll();
    }

    /** One launch: records what is done to it; guarded by the launcher's lock. */
    private final class RecordedLaunch implements Launch {
        private final LaunchRequest request;
        private boolean stopped;

        RecordedLaunch(LaunchRequest request) {
            this.request = request;
        }

        @Override
        public void extend(Duration remaining) {
            Objects.requireNonNull(remaining, "remaining");
            if (remaining.isNegative() || remaining.isZero()) {
                throw new IllegalArgumentException("remaining must be positive: " + remaining);
            }
            synchronized (lock) {
                checkOpen();
                record(Action.EXTEND, request, Optional.of(remaining));
            }
        }

        @Override
        public void stop() {
            synchronized (lock) {
                checkOpen();
                stopped = true;
                open.remove(this);
                record(Action.STOP, request, Optional.empty());
            }
        }

        private void checkOpen() {
            if (stopped) {
                throw new IllegalStateException("the launch is already stopped");
            }
        }
    }
}
