package dev.portknock.runtime;

import dev.portknock.core.CapturedPacket;
import dev.portknock.core.CompletedKnock;
import dev.portknock.core.DiscardReason;
import dev.portknock.core.Door;
import dev.portknock.core.FixedDoor;
import dev.portknock.core.MatchListener;
import dev.portknock.core.OneTimeDoor;
import dev.portknock.core.PacketEvent;
import dev.portknock.core.PortRange;
import dev.portknock.core.Profile;
import dev.portknock.core.Scheme;
import dev.portknock.core.SecurityFigure;
import dev.portknock.core.SequenceMatcher;
import dev.portknock.core.internal.BuilderOptions;
import dev.portknock.pad.DoorVerifier;
import dev.portknock.pad.Verification;
import dev.portknock.spi.CaptureProvider;
import dev.portknock.spi.CaptureSource;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.spi.CaptureStatistics;
import dev.portknock.spi.LaunchRequest;
import dev.portknock.spi.PacketSink;
import dev.portknock.spi.Launcher;
import dev.portknock.spi.ProviderNotFoundException;
import dev.portknock.spi.ProviderRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A port-knocking server: capture → match → verify → durable cursor → launch.
 *
 * <p>Packets from the capture source go through a {@link SequenceMatcher}; a complete knock is
 * verified on a worker thread (one-time doors: by the door's {@link DoorVerifier}, which makes the
 * advanced cursor durable <em>before</em> it reports success), and only then is the service
 * scheduled: started after the knock's delay, stopped after its duration. On a one-time door a
 * repeated valid knock extends an opening rather than starting the service twice; a fixed door
 * starts it on every matching knock and stops each start after its own duration, as knockd runs
 * its start and stop commands ({@link ServerDoor#runsOnEveryKnock()}). {@link #close()} stops
 * capturing and stops everything the server opened.
 *
 * <p>Every outcome reaches the listeners and the log (door, source, pad id and label, position,
 * outcome; never pad material); a knock of a pad the door no longer serves is a
 * {@link KnockEvent.Revoked} and a warning naming the pad by its label. Refusals, which a flood can repeat at will, are counted per door and kind:
 * the first five of a kind per door every 10 s get a line at info (a replay, a drifted client, a
 * forgery, a throttled source), the rest one summary line per kind and door every 10 s and at close,
 * and each at debug. Knocks for a service the door does not offer (what random garbage comes to)
 * get no line of their own at info. When the state store fails, the server refuses the knock: it
 * fails closed.
 *
 * <p>Complete knocks wait for a worker in a queue of bounded length
 * ({@link Builder#verificationQueue(int)}): a flood that completes knocks faster than the workers
 * verify them must not grow memory without end. A knock that finds the queue full is dropped
 * unverified and counted ({@link #droppedKnocks()}); drops are logged like the refusals, one line
 * per door every 10 s and at close, each one only at debug level.
 *
 * <p><b>Gateways sharing a state store.</b> A one-time door's verifier caches its pads' cursors.
 * When other gateways sharing the store (a fleet on PostgreSQL) accept a window's worth of knocks
 * or more, the cached window no longer holds the next knock and this server would drop it, so a
 * server with a door on a shared store re-reads every one-time door's cursors
 * ({@link DoorVerifier#refresh()}) every interval: the shortest its doors' stores ask for
 * ({@link dev.portknock.pad.PadStateStore#sharedRefreshInterval()}), unless
 * {@link Builder#refreshInterval(Duration)} sets another. That is a fixed load of
 * one read per pad per interval, whatever packets arrive (a refresh on every knock that finds no
 * candidate would let garbage knocks drive database load). The refresh runs on a thread of its
 * own, not on the timer thread that starts and stops services, so a slow or unreachable store
 * never delays closing a service; it runs with a fixed delay, so refreshes never pile up while
 * the store is down. Off when no door's store is shared: a server with its own local state store
 * needs none.
 */
public final class KnockServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KnockServer.class);
    /**
     * At debug, one line per accepted knock saying where the time from its last packet went
     * (bench/flood.sh reads it): a logger of its own, so that it can be switched on without the
     * server's other debug lines, which a flood multiplies.
     */
    private static final Logger LATENCY = LoggerFactory.getLogger(KnockServer.class.getName() + ".latency");
    private static final Duration EXPIRY_PERIOD = Duration.ofSeconds(1);
    /** How often knocks refused for a service the door does not offer are reported, per door. */
    private static final Duration REFUSAL_REPORT_PERIOD = Duration.ofSeconds(10);

    private final Clock clock;
    private final CaptureSource capture;
    /** The doors now served; replaced whole by {@link #replaceDoors}, read without a lock. */
    private volatile Map<String, ServerDoor> doors;
    /** The ports the capture delivers: those of the doors the server was built with. */
    private final PortSet captured;
    private final List<KnockListener> listeners;
    /** Guards {@link #matcher}: packets, expiry and replacement of the doors take turns. */
    private final Object matching = new Object();
    private SequenceMatcher matcher;
    /**
     * Knocks the workers recognised as genuine ({@code isGenuine}: their tags were right), for the
     * matcher to end the candidates their own later digits opened
     * ({@link SequenceMatcher#recognised}). Whoever holds the matcher's lock next applies them,
     * the capture thread before its next packet: a worker queues the knock before it reports the
     * acceptance, so no packet sent after that report meets those candidates, and workers never
     * take the lock that every packet needs (one preempted while holding it on a loaded machine
     * would hold up the capture).
     */
    private final Queue<CompletedKnock> recognisedKnocks = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService timers;
    private final ExecutorService workers;
    private final LaunchScheduler launches;
    private final Optional<HoleJournal> journal;
    private volatile List<DoorVerifier> verifiers;
    private final Optional<Duration> refreshInterval;
    private final Optional<ScheduledExecutorService> refresher;
    private boolean refreshFailing;
    private final RefusalTally refusals;
    /** Knocks dropped because the verification queue was full, per door; reported with the refusals. */
    private final LongAdder dropped = new LongAdder();
    private final int queueCapacity;
    /** When the refusals and drops were last reported; guarded by {@link #refusals}. */
    private Instant lastRefusalReport;
    private final Object lifecycle = new Object();
    private final int maxSources;
    private final int warmUpKnocks;
    private State state = State.NEW;

    private enum State { NEW, RUNNING, CLOSED }

    private KnockServer(Builder builder) {
        this.clock = builder.clock;
        this.capture = builder.capture;
        this.doors = Collections.unmodifiableMap(new LinkedHashMap<>(builder.doors));
        this.captured = PortSet.of(portRanges(List.copyOf(builder.doors.values())));
        this.listeners = List.copyOf(builder.listeners);
        this.timers = Executors.newSingleThreadScheduledExecutor(daemonThreads("knock-timer"));
        this.queueCapacity = builder.verificationQueue;
        this.workers = new ThreadPoolExecutor(builder.workerThreads, builder.workerThreads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), daemonThreads("knock-verify"));
        this.journal = builder.journal;
        this.launches = new LaunchScheduler(timers, clock, new LaunchEvents(), journal);
        this.verifiers = verifiersOf(builder.doors.values());
        this.refusals = new RefusalTally(builder.doors.keySet());
        this.lastRefusalReport = clock.instant();
        this.refreshInterval = builder.refreshInterval.or(() -> sharedRefreshInterval(builder.doors.values()));
        this.refresher = refreshInterval.map(interval ->
                Executors.newSingleThreadScheduledExecutor(daemonThreads("knock-refresh")));
        this.maxSources = builder.maxSources;
        this.warmUpKnocks = builder.warmUpKnocks;
        this.matcher = matcherFor(builder.doors.values(), Optional.empty());
    }

    /** The shortest interval the doors' shared stores ask for; empty when no door's store is shared. */
    private static Optional<Duration> sharedRefreshInterval(Collection<ServerDoor> doors) {
        return doors.stream().flatMap(door -> door.sharedRefreshInterval().stream()).min(Duration::compareTo);
    }

    private static List<DoorVerifier> verifiersOf(Collection<ServerDoor> doors) {
        return doors.stream().flatMap(door -> door.verifier().stream()).toList();
    }

    /** A matcher for these doors, taking over the attempts of {@code previous} on doors that stay. */
    private SequenceMatcher matcherFor(Collection<ServerDoor> serving, Optional<SequenceMatcher> previous) {
        SequenceMatcher.Builder matcherBuilder = SequenceMatcher.builder()
                .clock(clock)
                .maxSources(maxSources)
                .listener(new Matches());
        previous.ifPresent(matcherBuilder::attemptsOf);
        for (ServerDoor door : serving) {
            if (door.door() instanceof FixedDoor fixed) {
                matcherBuilder.door(fixed);
            } else {
                DoorVerifier verifier = door.verifier().orElseThrow();
                matcherBuilder.door((OneTimeDoor) door.door(), verifier::opensWith);
            }
        }
        return matcherBuilder.build();
    }

    /**
     * Checks that {@link #replaceDoors} would take these doors, without replacing anything: so that
     * a caller replacing the doors of several servers can check them all first.
     *
     * @throws IllegalArgumentException as {@link #replaceDoors} would
     */
    public void checkDoors(List<ServerDoor> replacement) {
        checked(replacement);
    }

    private Map<String, ServerDoor> checked(List<ServerDoor> replacement) {
        Map<String, ServerDoor> next = new LinkedHashMap<>();
        for (ServerDoor door : replacement) {
            Objects.requireNonNull(door, "door");
            if (next.putIfAbsent(door.name(), door) != null) {
                throw new IllegalArgumentException("door " + door.name() + " is named twice");
            }
            for (PortRange range : door.door().portRanges()) {
                captured.requireCovers(door.name(), range);
            }
            if (refreshInterval.isEmpty() && door.sharedRefreshInterval().isPresent()) {
                // the refresh thread is the server's from its start: without it the door would drop knocks
                throw new IllegalArgumentException("door " + door.name() + "'s state store is shared with other hosts,"
                        + " but the server started without re-reading shared stores; that needs a restart");
            }
        }
        if (next.isEmpty()) {
            throw new IllegalArgumentException("at least one door is required");
        }
        return next;
    }

    /**
     * Serves these doors from now on instead of the current ones, keeping what the server holds
     * for doors that stay: knocks in progress on a door whose name and definition (sequence or
     * profile) are unchanged go on, and every service opened or pending, on any door, stays open
     * and closes when its time ends, by the launcher that opened it. A door with the same name
     * takes its new launchers, verifier and limits for the knocks that complete from now on (its
     * cursor lives in its state store, so a verifier on the same store carries on from it). The
     * failure counts of verifiers no longer used are saved ({@link DoorVerifier#saveFailures()}).
     * This is what a configuration reload (SIGHUP) does; it also adds and removes doors.
     *
     * <p>The capture is not changed: every door must use ports the capture delivers, which are
     * those of the doors the server was built with.
     *
     * @throws IllegalArgumentException when the list is empty, names a door twice, a door uses
     *     a port the capture does not deliver, or a door's state store is shared with other hosts
     *     ({@link dev.portknock.pad.PadStateStore#sharedRefreshInterval()}) and the server does not
     *     re-read shared stores (none of its doors' stores was shared when it was built); the
     *     server then keeps its doors
     * @throws IllegalStateException when the server is closed
     */
    public void replaceDoors(List<ServerDoor> replacement) {
        Map<String, ServerDoor> next = checked(replacement);
        Map<String, ServerDoor> previous;
        synchronized (lifecycle) {
            if (state == State.CLOSED) {
                throw new IllegalStateException("the server is closed");
            }
            synchronized (matching) {
                applyRecognitions();
                matcher = matcherFor(next.values(), Optional.of(matcher));
                previous = doors;
                doors = Collections.unmodifiableMap(next);
                verifiers = verifiersOf(next.values());
            }
        }
        warnAboutGuessableDoors(next.values());
        reportRefusals();
        refusals.track(next.keySet());
        for (ServerDoor old : previous.values()) {
            if (next.get(old.name()) != old) {
                saveFailureCounts(old);
            }
        }
        LOG.info("knock server now serves doors {} (was {})", next.keySet(), previous.keySet());
    }

    /** A builder; a capture source and at least one door are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The port ranges of all doors: what a capture source must deliver to this server. */
    public static List<PortRange> portRanges(List<ServerDoor> doors) {
        List<PortRange> ranges = new ArrayList<>();
        for (ServerDoor door : doors) {
            ranges.addAll(door.door().portRanges());
        }
        return ranges;
    }

    /**
     * Starts capturing. Returns when the capture is ready.
     *
     * @throws IOException when the capture cannot start (the server is then closed)
     * @throws IllegalStateException when already started or closed
     */
    public void start() throws IOException {
        synchronized (lifecycle) {
            if (state != State.NEW) {
                throw new IllegalStateException("the server was already started");
            }
            state = State.RUNNING;
        }
        warnAboutGuessableDoors(doors.values());
        journal.ifPresent(this::recoverOpenings);
        warmUpVerification();
        try {
            capture.start(new MatchingSink());
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        timers.scheduleAtFixedRate(this::expireAttempts, EXPIRY_PERIOD.toMillis(), EXPIRY_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
        timers.scheduleAtFixedRate(this::reportRefusals, REFUSAL_REPORT_PERIOD.toMillis(),
                REFUSAL_REPORT_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        refresher.ifPresent(thread -> thread.scheduleWithFixedDelay(this::refreshVerifiers,
                refreshInterval.get().toNanos(), refreshInterval.get().toNanos(), TimeUnit.NANOSECONDS));
        LOG.info("knock server started with doors {}", doors.keySet());
    }

    /**
     * Before the capture starts: the one-time doors' verification on {@link Builder#warmUpKnocks}
     * scratch knocks, once for each scheme and source binding among them (the branches a profile
     * chooses; the code is the same). A failure costs only the warm-up.
     */
    private void warmUpVerification() {
        if (warmUpKnocks == 0) {
            return;
        }
        // enums compared, not profiles: a record's generated equals or hashCode spins method handles up
        List<Profile> warmed = new ArrayList<>();
        for (ServerDoor door : doors.values()) {
            Optional<DoorVerifier> verifier = door.verifier();
            if (verifier.isEmpty() || takesAWarmedPath(verifier.get().profile(), warmed)) {
                continue;
            }
            Profile profile = verifier.get().profile();
            warmed.add(profile);
            long began = System.nanoTime();
            try {
                VerificationWarmUp.run(profile, warmUpKnocks, clock, Path.of(System.getProperty("java.io.tmpdir")));
                LOG.info("verification warmed up on {} scratch knocks of door {}'s profile in {} ms", warmUpKnocks,
                        door.name(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
            } catch (IOException | RuntimeException e) {
                LOG.warn("verification warm-up left out, the first knocks run colder: {}", e.toString());
            }
        }
    }

    private static boolean takesAWarmedPath(Profile profile, List<Profile> warmed) {
        for (Profile done : warmed) {
            if (done.scheme() == profile.scheme() && done.sourceBinding() == profile.sourceBinding()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Warns about each one-time door that a year of a million forged knocks a second would open
     * with probability above 2^-30 (PROTOCOL.md §3.3): without a throttle to lean on, such a door
     * is guessable, and the warning says which tag length would fix it. A door of many pads is held
     * to the bound with a union over the pads one knock is checked against
     * ({@link DoorVerifier#mostPadsPerKnock()}): with one hint digit, fresh pads share every hint,
     * so many pads take bits off the bound that two hint digits give back. At start and at each
     * {@link #replaceDoors}, since a reload may add pads.
     */
    private static void warnAboutGuessableDoors(Collection<ServerDoor> serving) {
        for (ServerDoor door : serving) {
            if (!(door.door() instanceof OneTimeDoor oneTime)) {
                continue;
            }
            Profile profile = oneTime.profile();
            int padsPerKnock = Math.max(1, door.verifier().map(DoorVerifier::mostPadsPerKnock).orElse(1));
            double bits = profile.security().yearOfGuessingBits(padsPerKnock);
            if (bits < SecurityFigure.YEAR_OF_GUESSING_BOUND_BITS) {
                String shared = padsPerKnock == 1 ? ""
                        : String.format(Locale.ROOT, " (a knock is checked against up to %d of its pads%s)", padsPerKnock,
                                profile.hintDigits() == 1 && profile.scheme() == Scheme.SEALED
                                        ? "; hint_digits = 2 spreads them apart" : "");
                LOG.warn(String.format(Locale.ROOT, "door %s: a year of a million forged knocks a second would open it"
                        + " with probability 2^%.1f%s; %d tag digits would make it 2^-30 or less", door.name(),
                        Math.min(0, -bits), shared, profile.tagDigitsAgainstAYearOfGuessing(padsPerKnock)));
            }
        }
    }

    /**
     * Takes the openings an earlier process journaled for this server's doors: closes those whose
     * time has passed, re-arms the others. An opening for a service its door no longer offers is
     * reported and forgotten.
     */
    private void recoverOpenings(HoleJournal holes) {
        Map<String, ServerDoor> serving = doors;
        for (HoleJournal.Entry entry : holes.claim(serving.keySet())) {
            ServerDoor door = serving.get(entry.door());
            Optional<Launcher> launcher = door.launcher(entry.service());
            String source = entry.source().getHostAddress();
            if (launcher.isEmpty()) {
                LOG.error("door {}: service {} for {} was open at the last stop until {}, but the door no longer offers "
                        + "it: close it by hand", door.name(), entry.service(), source, entry.stopAt());
                continue;
            }
            LOG.info("door {}: service {} for {} was open at the last stop until {}: {}", door.name(), entry.service(),
                    source, entry.stopAt(), entry.stopAt().isAfter(clock.instant()) ? "re-armed" : "closing it now");
            launches.recover(entry, launcher.get(), !door.runsOnEveryKnock());
        }
    }

    /** Whether the server is running: started and not closed. */
    public boolean isRunning() {
        synchronized (lifecycle) {
            return state == State.RUNNING;
        }
    }

    /** Services pending or open right now. */
    public int openServices() {
        return launches.active();
    }

    /** The complete knocks dropped unverified since the start because the verification queue was full. */
    public long droppedKnocks() {
        return dropped.sum();
    }

    /** The doors served now, in the order they were given. */
    public List<ServerDoor> doors() {
        return List.copyOf(doors.values());
    }

    /** The services pending or open right now, soonest to close first (what fwknop's --fw-list shows). */
    public List<OpenService> openServiceList() {
        return launches.list();
    }

    /**
     * Closes now the services pending or open for {@code source}, or all of them when it is
     * empty (fwknop's --fw-flush): each is stopped by its launcher, and reported closed.
     *
     * @return how many were closed
     */
    public int closeServices(Optional<InetAddress> source) {
        Objects.requireNonNull(source, "source");
        int closed = launches.closeNow(key -> source.isEmpty() || source.get().equals(key.source()));
        LOG.info("{} service(s) closed by hand{}", closed, source.map(a -> " for " + a.getHostAddress()).orElse(""));
        return closed;
    }

    /** The capture source's counters. */
    public CaptureStatistics captureStatistics() {
        return capture.statistics();
    }

    /**
     * The capture's sink: each packet goes to the matcher in the form the capture delivers, a
     * reused view taken as it is (no event, and no source address unless the matcher needs one).
     */
    private final class MatchingSink implements PacketSink {
        @Override
        public void accept(PacketEvent event) {
            try {
                synchronized (matching) {
                    applyRecognitions();
                    matcher.offer(event);
                }
            } catch (RuntimeException e) {
                dropped(event.source(), e);
            }
        }

        @Override
        public void accept(CapturedPacket packet) {
            try {
                synchronized (matching) {
                    applyRecognitions();
                    matcher.offer(packet);
                }
            } catch (RuntimeException e) {
                dropped(packet.source(), e);
            }
        }

        /** One bad packet or listener must never stop the capture loop. */
        private void dropped(InetAddress source, RuntimeException e) {
            LOG.error("packet from {} dropped: {}", source.getHostAddress(), e.toString());
        }
    }

    /** On the refresh thread: re-reads every one-time door's cursors; a failure waits for the next round. */
    private void refreshVerifiers() {
        try {
            for (DoorVerifier verifier : verifiers) {
                verifier.refresh();
            }
            if (refreshFailing) {
                refreshFailing = false;
                LOG.info("pad cursors refreshed from the state store again");
            }
        } catch (IOException | RuntimeException e) {
            // An exception escaping a scheduled task would cancel every later refresh.
            if (!refreshFailing) {
                refreshFailing = true;
                LOG.warn("cannot refresh pad cursors from the state store: {}; retrying every {}", e.getMessage(),
                        refreshInterval.orElseThrow());
            } else {
                LOG.debug("cannot refresh pad cursors from the state store: {}", e.getMessage());
            }
        }
    }

    /**
     * Logs, per door, the knocks refused for a service it does not offer and the knocks dropped for
     * a full verification queue since the last report.
     */
    private void reportRefusals() {
        // the timer and close both report
        synchronized (refusals) {
            Instant now = clock.instant();
            // rounded: the timer fires a little early or late, and "9 s" for a 10 s period reads wrong
            long seconds = Math.max(1, (Duration.between(lastRefusalReport, now).toMillis() + 500) / 1000);
            lastRefusalReport = now;
            refusals.drain().forEach((door, kinds) -> kinds.forEach((kind, count) -> {
                if (kind == RefusalTally.Kind.QUEUE_FULL) {
                    LOG.warn("door {}: {} knocks dropped unverified in the last {} s: the verification queue was full"
                            + " ({} knocks)", door, count.refused(), seconds, queueCapacity);
                } else if (count.shown() == 0) {
                    LOG.info("door {}: {} knocks refused in the last {} s: {}", door, count.refused(), seconds,
                            kind.why());
                } else if (count.unshown() > 0) {
                    LOG.info("door {}: {} more knocks refused in the last {} s than the {} logged: {}", door,
                            count.unshown(), seconds, count.shown(), kind.why());
                }
            }));
        }
    }

    private void expireAttempts() {
        synchronized (matching) {
            applyRecognitions();
            matcher.expire();
        }
    }

    /** Under the matcher's lock: tells the matcher of the knocks recognised since the last call. */
    private void applyRecognitions() {
        for (CompletedKnock knock = recognisedKnocks.poll(); knock != null; knock = recognisedKnocks.poll()) {
            matcher.recognised(knock);
        }
    }

    /**
     * A complete knock's verification, as a worker runs it. A class, not a lambda: the first
     * capturing lambda of its shape spins method handle classes up, about 2 ms on the capture
     * thread at a server's first knock.
     */
    private final class Verifying implements Runnable {
        private final CompletedKnock knock;
        private final Instant matched;

        Verifying(CompletedKnock knock, Instant matched) {
            this.knock = knock;
            this.matched = matched;
        }

        @Override
        public void run() {
            handle(knock, matched);
        }
    }

    /** Receives the matcher's outcomes on the capture thread and hands knocks to the workers. */
    private final class Matches implements MatchListener {
        @Override
        public void completed(CompletedKnock knock) {
            Instant matched = clock.instant();
            try {
                workers.execute(new Verifying(knock, matched));
            } catch (RejectedExecutionException e) {
                if (workers.isShutdown()) {
                    LOG.info("knock on door {} from {} ignored: the server is closing",
                            knock.door().name(), knock.source().getHostAddress());
                } else {
                    dropped.increment();
                    refusals.count(knock.door().name(), RefusalTally.Kind.QUEUE_FULL);
                    LOG.debug("knock on door {} from {} dropped: the verification queue is full",
                            knock.door().name(), knock.source().getHostAddress());
                }
            }
        }

        @Override
        public void discarded(Door door, InetAddress source, DiscardReason reason) {
            // a flood of spoofed sources ends in a discard per packet: no address text unless it is logged
            if (LOG.isDebugEnabled()) {
                LOG.debug("partial knock on door {} from {} discarded: {}", door.name(), source.getHostAddress(), reason);
            }
            emit(new KnockEvent.Discarded(door.name(), source, reason));
        }
    }

    private void handle(CompletedKnock knock, Instant matched) {
        ServerDoor door = doors.get(knock.door().name());
        InetAddress source = knock.source();
        // the matcher holds the serving door's own instance, so identity answers except after a reload;
        // a door record's generated equals spins method handles up on its first call (a first knock's ms)
        if (door == null || door.door() != knock.door() && !door.door().equals(knock.door())) {
            LOG.info("door {}: knock from {} ignored: the door was replaced or removed meanwhile", knock.door().name(),
                    source.getHostAddress());
            return;
        }
        try {
            if (door.verifier().isEmpty()) {
                LOG.info("door {}: sequence from {} accepted", door.name(), source.getHostAddress());
                emit(new KnockEvent.Accepted(door.name(), source, Optional.empty(), Optional.empty(), 0, 0, false));
                schedule(door, source, door.plan(new int[0]));
                return;
            }
            Instant verifying = clock.instant();
            Verification verification = door.verifier().get().verify(knock.digits(), source);
            Instant verified = clock.instant();
            if (verification.isGenuine()) {
                // before anyone hears of it: the candidates its own later digits opened must not take the next knock
                recognisedKnocks.add(knock);
            }
            onVerified(door, source, verification);
            // read before the lines are written: writing them is no part of the hand-off
            Instant handedOver = clock.instant();
            if (verification instanceof Verification.Accepted accepted) {
                // once the launch is handed over (the cursor is durable already): the line is
                // written and flushed to the log's file, which can wait on the file system's journal
                LOG.info("door {}: knock from {} accepted for {} (pad {}, block {}, {} knocks left)", door.name(),
                        source.getHostAddress(), accepted.label(), accepted.padId(), accepted.knockIndex(),
                        accepted.knocksLeft());
                if (LATENCY.isDebugEnabled()) {
                    LATENCY.debug("door {}: accepted knock of {}, from its last packet: {} ms to the match, {} ms"
                            + " waiting for a worker, {} ms verifying (cursor made durable), {} ms to the launcher's"
                            + " hand-off", door.name(), source.getHostAddress(),
                            millisBetween(knock.lastPacket(), matched), millisBetween(matched, verifying),
                            millisBetween(verifying, verified), millisBetween(verified, handedOver));
                }
                settle(door, source);
            }
        } catch (IOException e) {
            LOG.error("door {}: knock from {} refused, state store unavailable: {}",
                    door.name(), source.getHostAddress(), e.getMessage());
            emit(new KnockEvent.Rejected(door.name(), source, KnockEvent.RejectReason.STATE_UNAVAILABLE));
        } catch (RuntimeException e) {
            LOG.error("door {}: knock from {} refused: {}", door.name(), source.getHostAddress(), e.toString());
            emit(new KnockEvent.Rejected(door.name(), source, KnockEvent.RejectReason.STATE_UNAVAILABLE));
        }
    }

    /**
     * After an accepted knock was handed to its launcher: stores its time of use and prepares the
     * pad's next cursor update ({@link DoorVerifier#settle()}), off the path of the knocks. A
     * failure costs the next knock of the pad the shorter update, never its cursor.
     */
    private void settle(ServerDoor door, InetAddress source) {
        try {
            door.verifier().orElseThrow().settle();
        } catch (IOException | RuntimeException e) {
            LOG.warn("door {}: after the knock from {}: its time of use or the pad's next cursor update could not be"
                    + " written: {}", door.name(), source.getHostAddress(), e.getMessage());
        }
    }

    /** The time from one instant to another in milliseconds, to the microsecond. */
    private static String millisBetween(Instant from, Instant to) {
        return String.format(Locale.ROOT, "%.3f", Duration.between(from, to).toNanos() / 1e6);
    }

    private void onVerified(ServerDoor door, InetAddress source, Verification verification) {
        String from = source.getHostAddress();
        if (verification instanceof Verification.Accepted accepted) {
            emit(new KnockEvent.Accepted(door.name(), source, Optional.of(accepted.padId()),
                    Optional.of(accepted.label()), accepted.knockIndex(), accepted.knocksLeft(), accepted.lowWater()));
            schedule(door, source, door.plan(accepted.command()));
        } else if (verification instanceof Verification.Rejected rejected) {
            logRejection(door, from, rejected.reason());
            emit(new KnockEvent.Rejected(door.name(), source, switch (rejected.reason()) {
                case NO_CANDIDATE -> KnockEvent.RejectReason.NO_CANDIDATE;
                case BEHIND_CURSOR -> KnockEvent.RejectReason.BEHIND_CURSOR;
                case BEYOND_WINDOW -> KnockEvent.RejectReason.BEYOND_WINDOW;
                case BAD_TAGS -> KnockEvent.RejectReason.BAD_TAGS;
                case BAD_DIGITS -> KnockEvent.RejectReason.BAD_DIGITS;
                case COMMAND_NOT_ALLOWED -> KnockEvent.RejectReason.COMMAND_NOT_ALLOWED;
            }));
        } else if (verification instanceof Verification.Throttled) {
            if (refusals.count(door.name(), RefusalTally.Kind.THROTTLED)) {
                LOG.warn("door {}: knock from {} dropped: its source prefix is throttled", door.name(), from);
            }
            emit(new KnockEvent.Throttled(door.name(), source));
        } else if (verification instanceof Verification.Exhausted exhausted) {
            LOG.warn("door {}: knock from {} refused, pad {} exhausted", door.name(), from, exhausted.label());
            emit(new KnockEvent.Exhausted(door.name(), source, exhausted.padId(), exhausted.label()));
        } else if (verification instanceof Verification.Revoked revoked) {
            // right tags: a replay of it can repeat this at will, so counted like the other refusals
            if (refusals.count(door.name(), RefusalTally.Kind.REVOKED)) {
                LOG.warn("door {}: knock from {} refused: pad {} was revoked", door.name(), from, revoked.label());
            }
            emit(new KnockEvent.Revoked(door.name(), source, revoked.padId(), revoked.label()));
        }
    }

    /**
     * Logs a rejection. Any of them a flood can repeat at will, so each kind is counted per door
     * and, past the first few per period (none for services the door does not offer: what random
     * garbage comes to), reported only in the period's summary.
     */
    private void logRejection(ServerDoor door, String from, Verification.Reason reason) {
        RefusalTally.Kind kind = switch (reason) {
            case COMMAND_NOT_ALLOWED -> RefusalTally.Kind.SERVICE_NOT_OFFERED;
            case BEHIND_CURSOR -> RefusalTally.Kind.BEHIND_CURSOR;
            case BEYOND_WINDOW -> RefusalTally.Kind.BEYOND_WINDOW;
            case BAD_TAGS, BAD_DIGITS -> RefusalTally.Kind.FAILED;
            case NO_CANDIDATE -> RefusalTally.Kind.NO_CANDIDATE;
        };
        if (!refusals.count(door.name(), kind)) {
            LOG.debug("door {}: knock from {} rejected: {}", door.name(), from, reason);
            return;
        }
        switch (reason) {
            case BEHIND_CURSOR -> LOG.info("door {}: knock from {} rejected: it lies behind the cursor (a replay, or a"
                    + " client that reused its state)", door.name(), from);
            case BEYOND_WINDOW -> LOG.info("door {}: knock from {} held: it lies beyond the window (a drifted client);"
                    + " its next knock resynchronises", door.name(), from);
            default -> LOG.info("door {}: knock from {} rejected: {}", door.name(), from, reason);
        }
    }

    private void schedule(ServerDoor door, InetAddress source, ServerDoor.LaunchPlan plan) {
        // a door's verifier refuses a service the door does not offer, and its default service is one it offers
        Launcher launcher = door.launcher(plan.service()).orElseThrow(() -> new IllegalStateException(
                "door " + door.name() + " accepted a knock for service " + plan.service() + ", which it does not offer"));
        LaunchRequest request = new LaunchRequest(door.name(), plan.service(), source, plan.duration());
        if (door.runsOnEveryKnock()) {
            launches.runEach(launcher, request);
        } else {
            launches.open(launcher, request, plan.delay());
        }
    }

    /** Turns the launch scheduler's reports into events and log lines. */
    private final class LaunchEvents implements LaunchScheduler.Events {
        @Override
        public void opened(ServiceKey key, Instant until) {
            LOG.info("door {}: service {} opened for {} until {}", key.door(), key.service(),
                    key.source().getHostAddress(), until);
            emit(new KnockEvent.Opened(key.door(), key.service(), key.source(), until));
        }

        @Override
        public void started(ServiceKey key) {
            LOG.info("door {}: service {} started for {}; it has nothing to close", key.door(), key.service(),
                    key.source().getHostAddress());
            emit(new KnockEvent.Started(key.door(), key.service(), key.source()));
        }

        @Override
        public void extended(ServiceKey key, Instant until) {
            LOG.info("door {}: service {} for {} extended until {}", key.door(), key.service(),
                    key.source().getHostAddress(), until);
            emit(new KnockEvent.Extended(key.door(), key.service(), key.source(), until));
        }

        @Override
        public void closed(ServiceKey key) {
            LOG.info("door {}: service {} closed for {}", key.door(), key.service(), key.source().getHostAddress());
            emit(new KnockEvent.Closed(key.door(), key.service(), key.source()));
        }

        @Override
        public void failed(ServiceKey key, String action, IOException error) {
            LOG.error("door {}: service {} for {}: {} failed: {}", key.door(), key.service(),
                    key.source().getHostAddress(), action, error.getMessage());
            emit(new KnockEvent.LaunchFailed(key.door(), key.service(), key.source(), action,
                    String.valueOf(error.getMessage())));
        }
    }

    private void emit(KnockEvent event) {
        for (KnockListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.error("knock listener failed on {}: {}", event.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /**
     * Stops capturing, lets knocks already being verified finish, saves the failure counts the
     * one-time doors kept in memory ({@link DoorVerifier#saveFailures()}), then stops every
     * service the server opened. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
        }
        capture.close();
        CaptureStatistics counted = capture.statistics();
        // dropped packets may have been knock packets: the one figure that explains lost knocks
        LOG.info("capture ended: {} packets delivered, {} frames skipped, {} packets dropped before capture",
                counted.delivered(), counted.skipped(), counted.dropped());
        refresher.ifPresent(ExecutorService::shutdownNow);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("knock verifications still running at close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        saveFailureCounts();
        launches.close();
        timers.shutdownNow();
        reportRefusals();
        LOG.info("knock server closed");
    }

    /** At close: the failures the verifiers counted in memory go to the state store (a statistic). */
    private void saveFailureCounts() {
        doors.values().forEach(KnockServer::saveFailureCounts);
    }

    private static void saveFailureCounts(ServerDoor door) {
        if (door.verifier().isEmpty()) {
            return;
        }
        try {
            door.verifier().get().saveFailures();
        } catch (IOException | RuntimeException e) {
            LOG.warn("door {}: failure counts not saved to the state store: {}", door.name(), e.getMessage());
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Builds a {@link KnockServer}; each option may be set once, doors added one by one. */
    public static final class Builder {
        /** The most scratch knocks {@link #warmUpKnocks} takes: past it the JIT has long compiled the path. */
        public static final int MAX_WARM_UP_KNOCKS = 10_000;
        private final Map<String, ServerDoor> doors = new LinkedHashMap<>();
        private final List<KnockListener> listeners = new ArrayList<>();
        private final BuilderOptions options = new BuilderOptions();
        private Clock clock = Clock.systemUTC();
        private CaptureSource capture;
        private Optional<ProvidedCapture> captureProvider = Optional.empty();
        private int maxSources = SequenceMatcher.DEFAULT_MAX_SOURCES;
        private int workerThreads = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
        private int verificationQueue = 4096;
        private int warmUpKnocks;
        private Optional<Duration> refreshInterval = Optional.empty();
        private Optional<HoleJournal> journal = Optional.empty();

        private Builder() {
        }

        /** The clock that stamps events and times openings (default: system UTC). */
        public Builder clock(Clock value) {
            clock = options.once("clock", Objects.requireNonNull(value, "clock"));
            return this;
        }

        /**
         * The capture source delivering the doors' packets. This or
         * {@link #capture(ProviderRegistry, CaptureSettings)} is required, once.
         */
        public Builder capture(CaptureSource value) {
            capture = options.once("capture", Objects.requireNonNull(value, "capture"));
            return this;
        }

        /**
         * The capture the provider {@link CaptureSettings#provider()} of {@code providers} opens
         * when the server is built, watching the port ranges of the doors added
         * ({@link KnockServer#portRanges}) on the builder's clock. This or
         * {@link #capture(CaptureSource)} is required, once.
         *
         * @throws ProviderNotFoundException when {@code providers} has no provider of that id
         *     (the message names the module to add for a built-in id)
         */
        public Builder capture(ProviderRegistry<CaptureProvider> providers, CaptureSettings settings) {
            Objects.requireNonNull(providers, "providers");
            Objects.requireNonNull(settings, "settings");
            CaptureProvider provider = providers.get(settings.provider());
            captureProvider = Optional.of(options.once("capture", new ProvidedCapture(provider, settings)));
            return this;
        }

        /** Adds a door; names must be unique. */
        public Builder door(ServerDoor door) {
            Objects.requireNonNull(door, "door");
            if (doors.putIfAbsent(door.name(), door) != null) {
                throw new IllegalStateException("door " + door.name() + " was already added");
            }
            return this;
        }

        /** Adds a listener for the server's events. */
        public Builder listener(KnockListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The most partial knocks (one per source and door) tracked at once (default
         * {@value SequenceMatcher#DEFAULT_MAX_SOURCES}); starting one more evicts the one holding the
         * oldest candidate ({@link SequenceMatcher.Builder#maxSources}).
         *
         * @throws IllegalArgumentException when below 1
         */
        public Builder maxSources(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("max sources must be at least 1: " + value);
            }
            maxSources = options.once("max sources", value);
            return this;
        }

        /** Threads verifying knocks in parallel (default twice the processors, at least 2). */
        public Builder workerThreads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("worker threads must be at least 1: " + value);
            }
            workerThreads = options.once("worker threads", value);
            return this;
        }

        /**
         * The most complete knocks waiting for a worker (default 4096, well over a second of
         * verification); a knock that finds the queue full is dropped unverified and counted.
         */
        public Builder verificationQueue(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("verification queue must hold at least 1 knock: " + value);
            }
            verificationQueue = options.once("verification queue", value);
            return this;
        }

        /**
         * Scratch knocks verified at {@link KnockServer#start()}, before the capture starts, for each
         * scheme and source binding among the one-time doors (default 0: none). A door sees a knock every few seconds
         * at most, so without this its verification runs interpreted for its first couple of hundred
         * knocks (the JIT counts calls): a few hundred scratch knocks let the first real ones run
         * compiled. Each scratch knock is issued from a fresh random pad and verified with its cursor
         * made durable in a scratch directory under {@code java.io.tmpdir}, deleted afterwards; no
         * door's pad or state is touched. When the directory cannot be written the warm-up is left
         * out with a warning.
         *
         * @throws IllegalArgumentException when negative or above {@value #MAX_WARM_UP_KNOCKS}
         */
        public Builder warmUpKnocks(int value) {
            if (value < 0 || value > MAX_WARM_UP_KNOCKS) {
                throw new IllegalArgumentException("warm-up knocks must be in 0.." + MAX_WARM_UP_KNOCKS + ": " + value);
            }
            warmUpKnocks = options.once("warm-up knocks", value);
            return this;
        }

        /**
         * Re-read the one-time doors' pad cursors from their state stores this often. Default:
         * the shortest {@link dev.portknock.pad.PadStateStore#sharedRefreshInterval()} of the
         * doors' stores, never when no door's store is shared with other hosts; see the class comment.
         */
        public Builder refreshInterval(Duration value) {
            Objects.requireNonNull(value, "refreshInterval");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("refresh interval must be positive: " + value);
            }
            refreshInterval = Optional.of(options.once("refresh interval", value));
            return this;
        }

        /**
         * Record every opening in this journal before its launcher starts it, and take over, at
         * start, the openings an earlier process recorded for this server's doors: closed at once
         * when their time has passed, else when it comes (default: no journal; what a server opened
         * then stays open when it dies, unless the launcher's own kernel timeout closes it).
         */
        public Builder holeJournal(HoleJournal value) {
            journal = Optional.of(options.once("hole journal", Objects.requireNonNull(value, "journal")));
            return this;
        }

        /**
         * The server, not yet started; a capture given by provider is opened now.
         *
         * @throws IllegalStateException when no capture or no door was given
         * @throws IllegalArgumentException when the capture provider refuses the settings
         * @throws UncheckedIOException when the capture provider cannot open the capture (the
         *     message names the provider)
         */
        public KnockServer build() {
            if (capture == null && captureProvider.isEmpty()) {
                throw new IllegalStateException("a capture source is required");
            }
            if (doors.isEmpty()) {
                throw new IllegalStateException("at least one door is required");
            }
            if (captureProvider.isPresent()) {
                capture = captureProvider.get().open(portRanges(List.copyOf(doors.values())), clock);
            }
            return new KnockServer(this);
        }

        /** A capture to open by its provider once the doors, and so the ports, are known. */
        private record ProvidedCapture(CaptureProvider provider, CaptureSettings settings) {
            CaptureSource open(List<PortRange> ports, Clock clock) {
                CaptureSpec spec = new CaptureSpec(ports, settings.networkInterface(), settings.listenAddress(),
                        settings.captureFile(), clock, settings.options());
                try {
                    return provider.open(spec);
                } catch (IOException e) {
                    throw new UncheckedIOException("capture " + provider.id() + ": " + e.getMessage(), e);
                }
            }

            @Override
            public String toString() {
                return settings.provider();
            }
        }
    }
}
