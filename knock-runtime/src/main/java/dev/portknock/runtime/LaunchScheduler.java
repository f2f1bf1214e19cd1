package dev.portknock.runtime;

import dev.portknock.spi.Launch;
import dev.portknock.spi.LaunchRequest;
import dev.portknock.spi.Launcher;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts services after a knock's delay and stops them after its duration. A valid knock for a
 * key that is pending or open moves its stop time later instead of starting a second launch;
 * {@link #close()} stops everything still open.
 *
 * <p>Thread-safe: all state changes happen under the scheduler's lock, launcher calls outside it
 * are serialized per key by the single-threaded executor the server gives it.
 */
final class LaunchScheduler implements AutoCloseable {
    /** What the scheduler reports back to the server. */
    interface Events {
        void opened(ServiceKey key, Instant until);

        void extended(ServiceKey key, Instant until);

        void closed(ServiceKey key);

        void failed(ServiceKey key, String action, IOException error);
    }

    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final Events events;
    private final Map<ServiceKey, Opening> openings = new HashMap<>();
    private boolean closed;

    LaunchScheduler(ScheduledExecutorService executor, Clock clock, Events events) {
        this.executor = executor;
        this.clock = clock;
        this.events = events;
    }

    /** One pending or open launch. Guarded by the scheduler's lock. */
    private static final class Opening {
        final Launcher launcher;
        final LaunchRequest request;
        Instant stopAt;
        Launch launch;
        ScheduledFuture<?> pending;

        Opening(Launcher launcher, LaunchRequest request, Instant stopAt) {
            this.launcher = launcher;
            this.request = request;
            this.stopAt = stopAt;
        }
    }

    /**
     * Opens the service after {@code delay}, for {@code request.duration()}; or, when the key is
     * already pending or open, extends it to end no earlier than {@code now + delay + duration}.
     */
    void open(Launcher launcher, LaunchRequest request, Duration delay) {
        ServiceKey key = new ServiceKey(request.door(), request.service(), request.source());
        Instant stopAt = clock.instant().plus(delay).plus(request.duration());
        Launch toExtend = null;
        synchronized (this) {
            if (closed) {
                return;
            }
            Opening opening = openings.get(key);
            if (opening != null) {
                if (stopAt.isAfter(opening.stopAt)) {
                    opening.stopAt = stopAt;
                    if (opening.launch != null) {
                        opening.pending.cancel(false);
                        opening.pending = schedule(() -> stop(key, opening), stopAt);
                        toExtend = opening.launch;
                    }
                }
                if (toExtend == null) {
                    return;
                }
            } else {
                Opening fresh = new Opening(launcher, request, stopAt);
                openings.put(key, fresh);
                fresh.pending = executor.schedule(() -> start(key, fresh), delay.toNanos(), TimeUnit.NANOSECONDS);
                return;
            }
        }
        extend(key, toExtend, stopAt);
    }

    private void extend(ServiceKey key, Launch launch, Instant stopAt) {
        try {
            launch.extend(Duration.between(clock.instant(), stopAt));
            events.extended(key, stopAt);
        } catch (IOException e) {
            events.failed(key, "extend", e);
        }
    }

    private void start(ServiceKey key, Opening opening) {
        Launch launch;
        try {
            launch = opening.launcher.start(remainingRequest(opening));
        } catch (IOException e) {
            synchronized (this) {
                openings.remove(key, opening);
            }
            events.failed(key, "start", e);
            return;
        }
        Instant until;
        boolean closedMeanwhile;
        synchronized (this) {
            opening.launch = launch;
            until = opening.stopAt;
            closedMeanwhile = closed;
            if (!closedMeanwhile) {
                opening.pending = schedule(() -> stop(key, opening), until);
            }
        }
        events.opened(key, until);
        if (closedMeanwhile) {
            // close() ran while the launcher was starting: nothing may stay open behind it.
            stopNow(key, launch);
        }
    }

    /** The request as the launcher should see it when it starts: the time left until the stop. */
    private LaunchRequest remainingRequest(Opening opening) {
        Duration remaining = Duration.between(clock.instant(), opening.stopAt);
        LaunchRequest original = opening.request;
        if (remaining.isNegative() || remaining.isZero()) {
            remaining = Duration.ofMillis(1);
        }
        return new LaunchRequest(original.door(), original.service(), original.source(), remaining);
    }

    private void stopNow(ServiceKey key, Launch launch) {
        try {
            launch.stop();
            events.closed(key);
        } catch (IOException e) {
            events.failed(key, "stop", e);
        }
    }

    private ScheduledFuture<?> schedule(Runnable task, Instant at) {
        long nanos = Math.max(0, Duration.between(clock.instant(), at).toNanos());
        return executor.schedule(task, nanos, TimeUnit.NANOSECONDS);
    }

    private void stop(ServiceKey key, Opening opening) {
        synchronized (this) {
            if (openings.get(key) != opening) {
                return;
            }
            openings.remove(key);
        }
        stopNow(key, opening.launch);
    }

    /** How many services are pending or open. */
    synchronized int active() {
        return openings.size();
    }

    /** Cancels pending starts and stops every open service. Idempotent. */
    @Override
    public void close() {
        List<Map.Entry<ServiceKey, Opening>> toStop = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (Map.Entry<ServiceKey, Opening> entry : openings.entrySet()) {
                entry.getValue().pending.cancel(false);
                if (entry.getValue().launch != null) {
                    toStop.add(entry);
                }
            }
            openings.clear();
        }
        for (Map.Entry<ServiceKey, Opening> entry : toStop) {
            stopNow(entry.getKey(), entry.getValue().launch);
        }
    }
}
