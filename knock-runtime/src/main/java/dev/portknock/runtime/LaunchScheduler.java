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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts services and stops them again, in one of two ways.
 *
 * <ul>
 *   <li>{@link #open}, for one-time doors: the service starts after the knock's delay and stops
 *       after its duration; a valid knock for a key that is pending or open moves its stop time
 *       later instead of starting a second launch.</li>
 *   <li>{@link #runEach}, knockd's way for fixed doors: every knock starts the service at once, and
 *       each start gets its own stop, the request's duration ({@code cmd_timeout}) after the start
 *       returned, whatever other knocks did meanwhile.</li>
 * </ul>
 *
 * <p>A launch that has nothing to stop ({@link Launch#hasStop()} false: knockd's {@code command}
 * without a {@code stop_command}) is reported as started and forgotten, never as closed.
 * {@link #close()} stops everything still open.
 *
 * <p>Thread-safe: all state changes happen under the scheduler's lock, launcher calls outside it
 * on the single-threaded executor the server gives it.
 */
final class LaunchScheduler implements AutoCloseable {
    /** What the scheduler reports back to the server. */
    interface Events {
        void opened(ServiceKey key, Instant until);

        void started(ServiceKey key);

        void extended(ServiceKey key, Instant until);

        void closed(ServiceKey key);

        void failed(ServiceKey key, String action, IOException error);
    }

    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final Events events;
    private final Optional<HoleJournal> journal;
    /** Every pending or open launch. */
    private final Set<Opening> openings = new HashSet<>();
    /** The launches of {@link #open}, by key: the ones a later knock extends. */
    private final Map<ServiceKey, Opening> extendable = new HashMap<>();
    private boolean closed;

    LaunchScheduler(ScheduledExecutorService executor, Clock clock, Events events) {
        this(executor, clock, events, Optional.empty());
    }

    /**
     * A scheduler that records every opening in {@code journal} before it starts and forgets it
     * once stopped, so that a restarted server can close what this one opened ({@link #recover}).
     */
    LaunchScheduler(ScheduledExecutorService executor, Clock clock, Events events, Optional<HoleJournal> journal) {
        this.executor = executor;
        this.clock = clock;
        this.events = events;
        this.journal = journal;
    }

    /** One pending or open launch. Guarded by the scheduler's lock; compared by identity. */
    private static final class Opening {
        final ServiceKey key;
        final Launcher launcher;
        final LaunchRequest request;
        /** When it stops; for {@link #runEach}, set once the start returned. */
        Instant stopAt;
        Launch launch;
        ScheduledFuture<?> pending;
        /** Its journal entry, when the scheduler keeps a journal. */
        Optional<HoleJournal.Entry> journaled = Optional.empty();

        Opening(ServiceKey key, Launcher launcher, LaunchRequest request, Instant stopAt) {
            this.key = key;
            this.launcher = launcher;
            this.request = request;
            this.stopAt = stopAt;
        }
    }

    private static ServiceKey keyOf(LaunchRequest request) {
        return new ServiceKey(request.door(), request.service(), request.source());
    }

    /**
     * Opens the service after {@code delay}, for {@code request.duration()}; or, when the key is
     * already pending or open, extends it to end no earlier than {@code now + delay + duration}.
     */
    void open(Launcher launcher, LaunchRequest request, Duration delay) {
        ServiceKey key = keyOf(request);
        Instant stopAt = clock.instant().plus(delay).plus(request.duration());
        Launch toExtend;
        synchronized (this) {
            if (closed) {
                return;
            }
            Opening opening = extendable.get(key);
            if (opening == null) {
                Opening fresh = new Opening(key, launcher, request, stopAt);
                if (!journal(fresh, stopAt)) {
                    return;
                }
                openings.add(fresh);
                extendable.put(key, fresh);
                fresh.pending = executor.schedule(() -> start(fresh), delay.toNanos(), TimeUnit.NANOSECONDS);
                return;
            }
            if (!stopAt.isAfter(opening.stopAt)) {
                return;
            }
            opening.stopAt = stopAt;
            rejournal(opening);
            if (opening.launch == null) {
                return; // still pending: it starts with the later stop time
            }
            opening.pending.cancel(false);
            opening.pending = schedule(() -> stop(opening), stopAt);
            toExtend = opening.launch;
        }
        extend(key, toExtend, stopAt);
    }

    /**
     * Starts the service now, as knockd runs its start command on every matching knock, and stops
     * this launch {@code request.duration()} after its start returned.
     */
    void runEach(Launcher launcher, LaunchRequest request) {
        synchronized (this) {
            if (closed) {
                return;
            }
            Opening fresh = new Opening(keyOf(request), launcher, request, null);
            // journaled with the earliest stop it can have; moved when the start returns
            if (!journal(fresh, clock.instant().plus(request.duration()))) {
                return;
            }
            openings.add(fresh);
            fresh.pending = executor.schedule(() -> start(fresh), 0, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Records a fresh opening before anything starts it; when the journal cannot be written, the
     * opening is refused (reported as a failed start), since a crash would leave it open for good.
     */
    private boolean journal(Opening opening, Instant stopAt) {
        if (journal.isEmpty()) {
            return true;
        }
        try {
            opening.journaled = Optional.of(journal.get().add(opening.key.door(), opening.key.service(),
                    opening.key.source(), stopAt));
            return true;
        } catch (IOException e) {
            executor.execute(() -> events.failed(opening.key, "start", new IOException(
                    "not started: the journal of open holes cannot be written: " + e.getMessage(), e)));
            return false;
        }
    }

    /** The opening's stop moved: so does its journal entry (a failure leaves the earlier stop, the safe side). */
    private void rejournal(Opening opening) {
        if (journal.isEmpty() || opening.journaled.isEmpty()) {
            return;
        }
        try {
            journal.get().update(opening.journaled.get().id(), opening.stopAt);
        } catch (IOException e) {
            executor.execute(() -> events.failed(opening.key, "journal", e));
        }
    }

    /** The opening is over: its journal entry goes. */
    private void unjournal(Opening opening) {
        if (journal.isEmpty() || opening.journaled.isEmpty()) {
            return;
        }
        try {
            journal.get().remove(opening.journaled.get().id());
        } catch (IOException e) {
            events.failed(opening.key, "journal", e);
        }
    }

    private void extend(ServiceKey key, Launch launch, Instant stopAt) {
        try {
            launch.extend(Duration.between(clock.instant(), stopAt));
            events.extended(key, stopAt);
        } catch (IOException e) {
            events.failed(key, "extend", e);
        }
    }

    private void start(Opening opening) {
        Launch launch;
        try {
            launch = opening.launcher.start(startRequest(opening));
        } catch (IOException e) {
            forget(opening);
            unjournal(opening);
            events.failed(opening.key, "start", e);
            return;
        }
        if (!launch.hasStop()) {
            forget(opening);
            unjournal(opening);
            events.started(opening.key);
            return;
        }
        Instant until;
        boolean closedMeanwhile;
        synchronized (this) {
            opening.launch = launch;
            if (opening.stopAt == null) {
                opening.stopAt = clock.instant().plus(opening.request.duration());
                rejournal(opening);
            }
            until = opening.stopAt;
            // closed, or closed by hand (closeNow) while the launcher was starting
            closedMeanwhile = closed || !openings.contains(opening);
            if (!closedMeanwhile) {
                opening.pending = schedule(() -> stop(opening), until);
            }
        }
        events.opened(opening.key, until);
        if (closedMeanwhile) {
            // close() ran while the launcher was starting: nothing may stay open behind it.
            stopNow(opening, launch);
        }
    }

    private synchronized void forget(Opening opening) {
        openings.remove(opening);
        extendable.remove(opening.key, opening);
    }

    /** The request as the launcher should see it when it starts: the time left until the stop. */
    private LaunchRequest startRequest(Opening opening) {
        Instant stopAt;
        synchronized (this) {
            stopAt = opening.stopAt;
        }
        LaunchRequest original = opening.request;
        if (stopAt == null) {
            return original;
        }
        Duration remaining = Duration.between(clock.instant(), stopAt);
        if (remaining.isNegative() || remaining.isZero()) {
            remaining = Duration.ofMillis(1);
        }
        return new LaunchRequest(original.door(), original.service(), original.source(), remaining);
    }

    /** Stops a launch; its journal entry goes once stopped (a failed stop stays, for a restart to retry). */
    private void stopNow(Opening opening, Launch launch) {
        try {
            launch.stop();
        } catch (IOException e) {
            events.failed(opening.key, "stop", e);
            return;
        }
        unjournal(opening);
        events.closed(opening.key);
    }

    private ScheduledFuture<?> schedule(Runnable task, Instant at) {
        long nanos = Math.max(0, Duration.between(clock.instant(), at).toNanos());
        return executor.schedule(task, nanos, TimeUnit.NANOSECONDS);
    }

    private void stop(Opening opening) {
        synchronized (this) {
            if (!openings.remove(opening)) {
                return;
            }
            extendable.remove(opening.key, opening);
        }
        stopNow(opening, opening.launch);
    }

    /**
     * Takes over an opening an earlier process journaled and could not stop: stops it now when its
     * time has passed, else when it comes. A launcher that keeps no handle for it
     * ({@link Launcher#recover} empty) has nothing to stop, and the entry goes.
     *
     * @param extendsOnKnock whether a later knock extends it (a one-time door) rather than starting anew
     */
    void recover(HoleJournal.Entry entry, Launcher launcher, boolean extendsOnKnock) {
        ServiceKey key = new ServiceKey(entry.door(), entry.service(), entry.source());
        Instant now = clock.instant();
        Duration left = entry.stopAt().isAfter(now) ? Duration.between(now, entry.stopAt()) : Duration.ofMillis(1);
        LaunchRequest request = new LaunchRequest(entry.door(), entry.service(), entry.source(), left);
        Opening opening = new Opening(key, launcher, request, entry.stopAt());
        opening.journaled = Optional.of(entry);
        Optional<Launch> launch = launcher.recover(request);
        if (launch.isEmpty() || !launch.get().hasStop()) {
            unjournal(opening);
            return;
        }
        opening.launch = launch.get();
        if (!entry.stopAt().isAfter(now)) {
            stopNow(opening, opening.launch);
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            openings.add(opening);
            if (extendsOnKnock) {
                extendable.putIfAbsent(key, opening);
            }
            opening.pending = schedule(() -> stop(opening), entry.stopAt());
        }
        events.opened(key, entry.stopAt());
    }

    /** The services pending or open, oldest first. */
    synchronized List<OpenService> list() {
        List<OpenService> list = new ArrayList<>();
        for (Opening opening : openings) {
            list.add(new OpenService(opening.key.door(), opening.key.service(), opening.key.source(),
                    Optional.ofNullable(opening.stopAt), opening.launch != null));
        }
        list.sort(java.util.Comparator.comparing((OpenService service) -> service.until().orElse(Instant.MAX)));
        return list;
    }

    /**
     * Closes now the services pending or open for these keys: open ones are stopped, pending ones
     * never start, and one whose launcher is starting it is stopped as soon as it returns.
     *
     * @return how many were closed
     */
    int closeNow(java.util.function.Predicate<ServiceKey> which) {
        List<Opening> toStop = new ArrayList<>();
        List<Opening> toForget = new ArrayList<>();
        synchronized (this) {
            for (java.util.Iterator<Opening> it = openings.iterator(); it.hasNext(); ) {
                Opening opening = it.next();
                if (!which.test(opening.key)) {
                    continue;
                }
                it.remove();
                extendable.remove(opening.key, opening);
                opening.pending.cancel(false);
                if (opening.launch != null) {
                    toStop.add(opening);
                } else {
                    toForget.add(opening);
                }
            }
        }
        toForget.forEach(this::unjournal);
        for (Opening opening : toStop) {
            stopNow(opening, opening.launch);
        }
        return toStop.size() + toForget.size();
    }

    /** How many services are pending or open. */
    synchronized int active() {
        return openings.size();
    }

    /** Cancels pending starts and stops every open service. Idempotent. */
    @Override
    public void close() {
        List<Opening> toStop = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (Opening opening : openings) {
                opening.pending.cancel(false);
                if (opening.launch != null) {
                    toStop.add(opening);
                }
            }
            openings.clear();
            extendable.clear();
        }
        for (Opening opening : toStop) {
            stopNow(opening, opening.launch);
        }
    }
}
