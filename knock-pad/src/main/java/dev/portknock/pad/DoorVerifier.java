package dev.portknock.pad;

import dev.portknock.core.Profile;
import dev.portknock.core.RawScheme;
import dev.portknock.core.Scheme;
import dev.portknock.core.SealedScheme;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of one one-time door (raw or sealed) holding one or many pads: finds the
 * pads a knock could belong to, checks it in constant time, and persists {@code C = j* + 1}
 * with compare-and-set <em>before</em> it reports success (PROTOCOL.md §3.2, §3.3, §5).
 *
 * <p>Lookup is indexed: every block inside a pad's window {@code [C, C+W)} is filed under the
 * digit a knock for it starts with (sealed: the hint {@code j mod R}; raw: the block's first
 * digit), so a knock reaches only its candidate pads however many pads the door holds, and
 * {@link #opensWith(int)} is one lookup.
 *
 * <p>Failures are counted per candidate pad across all sources; past the limit (default 8 per
 * second) further attempts on that pad are dropped for the rest of the interval. The limit is
 * exact under concurrency: a knock that failed on a pad holds a place against the pad's limit
 * while the door's other candidate pads are checked, so knocks verified at once on several
 * threads cannot all pass the check before any is counted. Verification is serialized per pad
 * and runs in parallel across pads.
 *
 * <p>A door may restrict one command digit to the values it allows (its services:
 * {@link Builder#restrictCommandDigit}). A knock whose decoded command breaks the restriction is
 * rejected before its tags are checked and counts no failure. This keeps a flood of garbage
 * knocks from throttling the door: a garbage knock must land in the window (probability
 * {@code W/R}) <em>and</em> decode to an allowed value (about {@code n/R} for {@code n} allowed
 * values) before it can count against the pad. Forgery is no easier: an accepted knock still needs
 * the right tags, and the masked command is checked in constant time.
 *
 * <p>The throttle counts in memory. The failure counter in the store ({@link PadState#failures()},
 * what {@code knock pad info} shows) is a statistic, and writing it durably for every failure
 * would let garbage knocks cost a durable write each: a flood would then be limited by fsyncs,
 * with legitimate knocks waiting behind it. So failures are added to the store in batches: at
 * most once per failure interval per pad, with the next accepted knock's cursor update (one
 * write), at {@link #refresh()}, and at {@link #saveFailures()} (a server calls it when it
 * stops). A crash loses at most the failures of the last interval from the statistic; it never
 * affects a cursor.
 *
 * <p>The verifier caches each pad's state; compare-and-set against the store catches a cursor
 * moved by another gateway, and {@link #refresh()} re-reads all states. The cache is enough while
 * another gateway sharing the store has moved a pad's cursor by less than the window {@code W}:
 * the knock still falls inside the cached window, the compare-and-set fails, and the verifier
 * re-reads and retries. A gateway that lags by {@code W} or more finds no candidate for the next
 * knock (and {@link #opensWith(int)} makes the sequence matcher drop it first), so gateways
 * sharing a store must call {@link #refresh()} periodically; {@code KnockServer}'s
 * {@code refreshInterval} does. The verifier does not refresh on a miss by itself: a knock that
 * finds no candidate is what an attacker's garbage looks like, and re-reading the store for each
 * would turn garbage into database load; a periodic refresh costs one read per pad per interval
 * whatever arrives.
 */
public final class DoorVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(DoorVerifier.class);
    private static final PadEntry[] NO_ENTRIES = new PadEntry[0];
    private static final Verification.Rejected NO_CANDIDATE = new Verification.Rejected(Verification.Reason.NO_CANDIDATE);
    private static final Verification.Rejected BAD_TAGS = new Verification.Rejected(Verification.Reason.BAD_TAGS);
    private static final Verification.Rejected BAD_DIGITS = new Verification.Rejected(Verification.Reason.BAD_DIGITS);
    private static final Verification.Rejected COMMAND_NOT_ALLOWED =
            new Verification.Rejected(Verification.Reason.COMMAND_NOT_ALLOWED);

    private final Profile profile;
    private final PadStateStore store;
    private final Clock clock;
    private final int failureLimit;
    private final Duration failureInterval;
    private final long lowWater;
    /** The restricted command digit's position, or -1 when no digit is restricted. */
    private final int restrictedDigit;
    /** The values the restricted command digit may take. */
    private final int[] allowedValues;
    private final SealedScheme sealed;
    private final RawScheme raw;
    private final List<PadEntry> entries;
    /**
     * For each first digit, the pads whose window holds a block filed under it, each once, in the
     * order the pads were given. Buckets are replaced, never changed in place, so a knock reads
     * its candidates with one volatile load and no lock or copy; writers (accepts, refreshes:
     * rare) serialize on {@link #indexWrites}.
     */
    private final AtomicReferenceArray<PadEntry[]> index;
    private final Object indexWrites = new Object();
    private final AtomicInteger livePads = new AtomicInteger();

    /** One pad with its cached state, lock, throttle and indexed window. */
    private static final class PadEntry {
        /** The pad's position among the door's pads: the order of candidates in a bucket. */
        final int ordinal;
        final Pad pad;
        final long knocks;
        final ReentrantLock lock = new ReentrantLock();
        /** A candidate block's digits, used under the lock and zeroed after each use. */
        final int[] block;
        volatile PadState state;
        /** The window filed in the index: blocks {@code [indexedFrom, indexedTo)}. */
        long indexedFrom;
        long indexedTo;
        /** Failures this interval, and when the interval ends (start + failure interval). */
        Instant throttleEnd = Instant.MIN;
        int throttleCount;
        /**
         * Knocks that failed on this pad while other candidate pads are still being checked: not
         * counted yet (another pad may accept them), but held against the limit meanwhile.
         */
        int pendingChecks;
        /** Failures counted but not yet added to the store, and when the last of them happened. */
        long unsavedFailures;
        Instant lastFailure = Instant.MIN;
        /** Failures are added to the store at most once per interval: not before this instant. */
        Instant nextSave = Instant.MIN;

        PadEntry(int ordinal, Pad pad, long knocks, PadState state, int blockDigits) {
            this.ordinal = ordinal;
            this.pad = pad;
            this.knocks = knocks;
            this.state = state;
            this.block = new int[blockDigits];
        }
    }

    private DoorVerifier(Builder builder, List<Pad> pads, List<PadState> states) {
        this.profile = builder.profile;
        this.store = builder.store;
        this.clock = builder.clock;
        this.failureLimit = builder.failureLimit;
        this.failureInterval = builder.failureInterval;
        this.lowWater = builder.lowWater;
        this.restrictedDigit = builder.restrictedDigit;
        this.allowedValues = builder.allowedValues;
        this.sealed = profile.scheme() == Scheme.SEALED ? new SealedScheme(profile) : null;
        this.raw = profile.scheme() == Scheme.RAW ? new RawScheme(profile) : null;
        List<PadEntry> created = new ArrayList<>(pads.size());
        for (int p = 0; p < pads.size(); p++) {
            Pad pad = pads.get(p);
            created.add(new PadEntry(p, pad, pad.knocks(profile), states.get(p), profile.blockDigits()));
        }
        this.entries = List.copyOf(created);
        this.index = new AtomicReferenceArray<>(profile.radix());
        fileAll();
    }

    /** Files every pad's window at its cursor, one bucket array each (filing pad by pad would copy a bucket per pad). */
    private void fileAll() {
        List<List<PadEntry>> buckets = new ArrayList<>(profile.radix());
        for (int d = 0; d < profile.radix(); d++) {
            buckets.add(new ArrayList<>(0));
        }
        for (PadEntry entry : entries) {
            long cursor = entry.state.cursor();
            if (cursor < entry.knocks) {
                livePads.incrementAndGet();
            }
            entry.indexedFrom = Math.min(cursor, entry.knocks);
            entry.indexedTo = Math.min(cursor + profile.window(), entry.knocks);
            for (long j = entry.indexedFrom; j < entry.indexedTo; j++) {
                List<PadEntry> bucket = buckets.get(keyOf(entry, j));
                if (bucket.isEmpty() || bucket.get(bucket.size() - 1) != entry) {
                    bucket.add(entry);
                }
            }
        }
        for (int d = 0; d < profile.radix(); d++) {
            index.set(d, buckets.get(d).toArray(NO_ENTRIES));
        }
    }

    /**
     * A builder for a door with a raw or sealed profile whose server cursors live in {@code store}.
     */
    public static Builder builder(Profile profile, PadStateStore store) {
        return new Builder(profile, store);
    }

    /** The door's profile. */
    public Profile profile() {
        return profile;
    }

    /**
     * Verifies one complete knock and, when it is good, consumes its block durably before returning.
     *
     * @param knock the knock's digits in arrival order ({@code profile().knockLength()} of them)
     * @param source the address the packets came from
     * @return accepted, rejected with a reason, throttled, or exhausted
     * @throws IOException when state cannot be read or persisted (the knock must not open anything)
     * @throws IllegalArgumentException for a knock of the wrong length or with digits out of range
     */
    public Verification verify(int[] knock, InetAddress source) throws IOException {
        Objects.requireNonNull(knock, "knock");
        Objects.requireNonNull(source, "source");
        if (knock.length != profile.knockLength()) {
            throw new IllegalArgumentException("knock must have " + profile.knockLength() + " digits: " + knock.length);
        }
        for (int digit : knock) {
            if (digit < 0 || digit >= profile.radix()) {
                throw new IllegalArgumentException("knock digit out of range 0.." + (profile.radix() - 1));
            }
        }
        PadEntry[] candidates = index.get(knock[0]);
        if (candidates.length == 0) {
            if (livePads.get() == 0) {
                PadId id = entries.get(0).pad.id();
                if (LOG.isWarnEnabled()) {
                    LOG.warn("door pads exhausted: knock from {} refused, pad {}", source.getHostAddress(), id);
                }
                return new Verification.Exhausted(id);
            }
            return rejectedWithoutCandidate(source);
        }
        // First look for the pad the knock belongs to; only a knock that no candidate accepts is a
        // failure. Counting failures against candidates a valid knock merely passed by would
        // throttle innocent pads whenever many pads share a hint (every fresh pad starts at 0).
        // A pad the knock failed on holds a pending check until the knock's fate is known.
        // The pads it failed on are kept in an array made only when the first one is.
        PadEntry[] tried = null;
        int triedCount = 0;
        PadEntry throttled = null;
        boolean commandRefused = false;
        Verification.Accepted accepted = null;
        boolean counted = false;
        try {
            for (PadEntry entry : candidates) {
                entry.lock.lock();
                try {
                    if (isThrottled(entry)) {
                        if (throttled == null) {
                            throttled = entry;
                            // per knock, so debug: the caller logs the outcome it is handed, and
                            // the pad's "throttled until" warning marks the interval once
                            if (LOG.isDebugEnabled()) {
                                LOG.debug("knock from {} dropped: pad {} is throttled", source.getHostAddress(),
                                        entry.pad.id());
                            }
                        }
                        continue;
                    }
                    Verification outcome = tryAccept(entry, knock, source);
                    if (outcome instanceof Verification.Accepted found) {
                        accepted = found;
                        break;
                    }
                    if (outcome == COMMAND_NOT_ALLOWED) {
                        commandRefused = true;
                        continue;
                    }
                    long cursor = entry.state.cursor();
                    long end = windowEnd(entry, cursor);
                    if (nextCandidate(entry, cursor, end, knock[0]) < end) {
                        entry.pendingChecks++;
                        if (tried == null) {
                            tried = new PadEntry[candidates.length];
                        }
                        tried[triedCount++] = entry;
                    }
                } finally {
                    entry.lock.unlock();
                }
            }
            if (accepted != null) {
                return accepted;
            }
            if (triedCount > 0) {
                Instant now = clock.instant();
                for (int i = 0; i < triedCount; i++) {
                    countFailure(tried[i], source, now);
                }
                counted = true;
                for (int i = 0; i < triedCount; i++) {
                    saveFailuresIfDue(tried[i], now);
                }
                return sealed != null ? BAD_TAGS : BAD_DIGITS;
            }
        } finally {
            if (!counted) {
                // accepted by another pad, or the store failed: the pending checks end uncounted
                for (int i = 0; i < triedCount; i++) {
                    releasePendingCheck(tried[i]);
                }
            }
        }
        if (throttled != null) {
            return new Verification.Throttled(throttled.pad.id());
        }
        if (commandRefused) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("knock from {} rejected: command not allowed", source.getHostAddress());
            }
            return COMMAND_NOT_ALLOWED;
        }
        return rejectedWithoutCandidate(source);
    }

    private Verification rejectedWithoutCandidate(InetAddress source) {
        // what garbage and replays look like, one line each: debug, the caller logs the outcome
        if (LOG.isDebugEnabled()) {
            LOG.debug("knock from {} rejected: no candidate pad", source.getHostAddress());
        }
        return NO_CANDIDATE;
    }

    /**
     * Whether some pad's window holds a block a knock starting with this digit could be (sealed:
     * the hint; raw: the block's first digit). One index lookup, for the sequence matcher's gating.
     */
    public boolean opensWith(int firstDigit) {
        return firstDigit >= 0 && firstDigit < profile.radix() && index.get(firstDigit).length != 0;
    }

    /** Every pad's id, server cursor and knocks, in the order the pads were given. */
    public List<PadStatus> pads() {
        List<PadStatus> statuses = new ArrayList<>(entries.size());
        for (PadEntry entry : entries) {
            statuses.add(new PadStatus(entry.pad.id(), entry.state.cursor(), entry.knocks));
        }
        return List.copyOf(statuses);
    }

    /** One pad's status, empty when the door does not hold that pad. */
    public Optional<PadStatus> pad(PadId padId) {
        return pads().stream().filter(s -> s.padId().equals(padId)).findFirst();
    }

    /**
     * Re-reads every pad's state from the store (after another gateway sharing it moved cursors),
     * one pad at a time under that pad's lock: one store read per pad.
     *
     * @throws IOException when a state cannot be read
     */
    public void refresh() throws IOException {
        for (PadEntry entry : entries) {
            entry.lock.lock();
            try {
                if (entry.unsavedFailures > 0) {
                    saveFailures(entry, clock.instant());
                } else {
                    adopt(entry, store.read(entry.pad.id(), Side.SERVER));
                }
            } finally {
                entry.lock.unlock();
            }
        }
    }

    /**
     * Adds every pad's failures counted since they were last saved to the store. A server calls
     * this when it stops, so that the statistic loses nothing; it is also done on the way by
     * accepted knocks, {@link #refresh()}, and at most once per failure interval per pad.
     *
     * @throws IOException when the store cannot be written (the counts are kept for a later save)
     */
    public void saveFailures() throws IOException {
        Instant now = clock.instant();
        for (PadEntry entry : entries) {
            entry.lock.lock();
            try {
                if (entry.unsavedFailures > 0) {
                    saveFailures(entry, now);
                }
            } finally {
                entry.lock.unlock();
            }
        }
    }

    /**
     * Under the entry's lock: verify against the window at the current cursor and consume on
     * success. {@link #COMMAND_NOT_ALLOWED} when every candidate block of the window decodes the
     * command to a value the restriction refuses (nothing was checked, so nothing failed); null
     * when a candidate was checked and none matched, or the window holds no candidate.
     */
    private Verification tryAccept(PadEntry entry, int[] knock, InetAddress source) throws IOException {
        int blockDigits = profile.blockDigits();
        int[] block = entry.block;
        while (true) {
            PadState state = entry.state;
            long cursor = state.cursor();
            long end = windowEnd(entry, cursor);
            boolean retry = false;
            boolean refused = false;
            boolean checked = false;
            for (long j = nextCandidate(entry, cursor, end, knock[0]); j < end; j = nextCandidate(entry, j + 1, end, knock[0])) {
                entry.pad.copyDigits(j * blockDigits, block, 0, blockDigits);
                try {
                    // decoded before the tags only when a digit is restricted; otherwise only once they match
                    int[] command = restrictedDigit < 0 ? null : decodeCommand(block, knock);
                    if (command != null && !commandAllowed(command[restrictedDigit])) {
                        refused = true;
                        continue;
                    }
                    checked = true;
                    if (!matches(block, knock, source)) {
                        continue;
                    }
                    if (command == null) {
                        command = decodeCommand(block, knock);
                    }
                    PadState advanced = state.advancedTo(j + 1, clock.instant());
                    // the failures counted since the last save go with the cursor: one write
                    PadState updated = entry.unsavedFailures == 0 ? advanced
                            : advanced.withFailures(entry.unsavedFailures, advanced.lastUse().orElseThrow());
                    if (store.compareAndSet(state, updated)) {
                        entry.unsavedFailures = 0;
                        adopt(entry, updated);
                        long left = entry.knocks - j - 1;
                        boolean low = left < lowWater;
                        if (LOG.isInfoEnabled()) {
                            LOG.info("pad {} accepted knock {} from {}; {} knocks left", entry.pad.id(), j,
                                    source.getHostAddress(), left);
                        }
                        if (low) {
                            LOG.warn("pad {} is running low: {} knocks left", entry.pad.id(), left);
                        }
                        return new Verification.Accepted(entry.pad.id(), j, command, left, low);
                    }
                    LOG.info("pad {} cursor moved in the store under us; reading it again", entry.pad.id());
                    adopt(entry, store.read(entry.pad.id(), Side.SERVER));
                    retry = true;
                    break;
                } finally {
                    Arrays.fill(block, 0);
                }
            }
            if (!retry) {
                return refused && !checked ? COMMAND_NOT_ALLOWED : null;
            }
        }
    }

    private int[] decodeCommand(int[] block, int[] knock) {
        return sealed != null ? sealed.decodeCommand(block, knock) : raw.decodeCommand(knock);
    }

    /**
     * Whether the restricted command digit's value is allowed. Every allowed value is compared,
     * without a data-dependent branch: for a sealed knock the digit is unmasked with pad material.
     */
    private boolean commandAllowed(int digit) {
        int found = 0;
        for (int value : allowedValues) {
            // digits are below 2^15: (difference - 1) is negative exactly when they are equal
            found |= ((value ^ digit) - 1) >>> 31;
        }
        return found != 0;
    }

    /** After no candidate accepted a knock: its pending check on this pad becomes one failure, in memory. */
    private void countFailure(PadEntry entry, InetAddress source, Instant now) {
        entry.lock.lock();
        try {
            entry.pendingChecks--;
            if (!now.isBefore(entry.throttleEnd)) {
                entry.throttleEnd = now.plus(failureInterval);
                entry.throttleCount = 0;
            }
            entry.throttleCount++;
            entry.unsavedFailures++;
            entry.lastFailure = now;
            if (LOG.isDebugEnabled()) {
                LOG.debug("pad {} rejected knock from {} at cursor {} ({} failures in this interval)", entry.pad.id(),
                        source.getHostAddress(), entry.state.cursor(), entry.throttleCount);
            }
            if (entry.throttleCount == failureLimit) {
                LOG.warn("pad {} throttled until {}: {} failures", entry.pad.id(), entry.throttleEnd, failureLimit);
            }
        } finally {
            entry.lock.unlock();
        }
    }

    /** After another pad accepted the knock (or the store failed): its pending check on this pad ends. */
    private static void releasePendingCheck(PadEntry entry) {
        entry.lock.lock();
        try {
            entry.pendingChecks--;
        } finally {
            entry.lock.unlock();
        }
    }

    /** Adds the pad's unsaved failures to the store when the last save is an interval old. */
    private void saveFailuresIfDue(PadEntry entry, Instant now) throws IOException {
        entry.lock.lock();
        try {
            if (entry.unsavedFailures > 0 && !now.isBefore(entry.nextSave)) {
                saveFailures(entry, now);
            }
        } finally {
            entry.lock.unlock();
        }
    }

    /** Under the entry's lock: adds its unsaved failures to the store and adopts the state it returns. */
    private void saveFailures(PadEntry entry, Instant now) throws IOException {
        PadState saved = store.recordFailures(entry.pad.id(), Side.SERVER, entry.unsavedFailures, entry.lastFailure);
        entry.unsavedFailures = 0;
        entry.nextSave = now.plus(failureInterval);
        adopt(entry, saved);
    }

    /**
     * Under the entry's lock: whether knocks on the pad are dropped now. Failures counted this
     * interval and checks still pending both count against the limit.
     */
    private boolean isThrottled(PadEntry entry) {
        int failures = clock.instant().isBefore(entry.throttleEnd) ? entry.throttleCount : 0;
        return failures + entry.pendingChecks >= failureLimit;
    }

    /** The end (exclusive) of the window at {@code cursor}: W blocks, or fewer at the pad's end. */
    private long windowEnd(PadEntry entry, long cursor) {
        return Math.min(cursor + profile.window(), entry.knocks);
    }

    /**
     * The first block in {@code [from, end)} a knock starting with {@code first} could be, or
     * {@code end} when there is none. Sealed: the one index the hint names (W &lt;= R, so a window
     * holds at most one); raw: every block that begins with the digit, in order.
     */
    private long nextCandidate(PadEntry entry, long from, long end, int first) {
        if (sealed != null) {
            long j = sealed.candidateIndex(from, first);
            return j < end ? j : end;
        }
        long j = from;
        while (j < end && entry.pad.digit(j * profile.blockDigits()) != first) {
            j++;
        }
        return j;
    }

    private boolean matches(int[] block, int[] knock, InetAddress source) {
        return sealed != null ? sealed.verify(block, knock, source) : raw.matches(block, knock);
    }

    /** Under the entry's lock: take a state as the entry's and move its window in the index. */
    private void adopt(PadEntry entry, PadState state) {
        boolean wasLive = entry.state.cursor() < entry.knocks;
        entry.state = state;
        if (wasLive && state.cursor() >= entry.knocks) {
            livePads.decrementAndGet();
            LOG.warn("pad {} is exhausted", entry.pad.id());
        }
        reindex(entry, state.cursor());
    }

    /**
     * Under the entry's lock: move the pad's window in the index to the one at {@code cursor}.
     * A bucket holds the pad while any block of the window is filed under its digit, so a digit
     * is dropped only when no block left in the window has it.
     */
    private void reindex(PadEntry entry, long cursor) {
        long from = Math.min(cursor, entry.knocks);
        long to = windowEnd(entry, cursor);
        long oldFrom = entry.indexedFrom;
        long oldTo = entry.indexedTo;
        if (from == oldFrom && to == oldTo) {
            return;
        }
        for (long j = oldFrom; j < Math.min(oldTo, from); j++) {
            unfileUnlessHeld(entry, keyOf(entry, j), from, to);
        }
        for (long j = Math.max(oldFrom, to); j < oldTo; j++) {
            unfileUnlessHeld(entry, keyOf(entry, j), from, to);
        }
        for (long j = from; j < Math.min(to, oldFrom); j++) {
            file(entry, keyOf(entry, j));
        }
        for (long j = Math.max(from, oldTo); j < to; j++) {
            file(entry, keyOf(entry, j));
        }
        entry.indexedFrom = from;
        entry.indexedTo = to;
    }

    private void unfileUnlessHeld(PadEntry entry, int key, long from, long to) {
        if (nextCandidate(entry, from, to, key) < to) {
            return;
        }
        synchronized (indexWrites) {
            PadEntry[] bucket = index.get(key);
            int at = positionIn(bucket, entry);
            if (at < bucket.length && bucket[at] == entry) {
                PadEntry[] shrunk = bucket.length == 1 ? NO_ENTRIES : new PadEntry[bucket.length - 1];
                System.arraycopy(bucket, 0, shrunk, 0, at);
                System.arraycopy(bucket, at + 1, shrunk, at, bucket.length - at - 1);
                index.set(key, shrunk);
            }
        }
    }

    private void file(PadEntry entry, int key) {
        synchronized (indexWrites) {
            PadEntry[] bucket = index.get(key);
            int at = positionIn(bucket, entry);
            if (at < bucket.length && bucket[at] == entry) {
                return;
            }
            PadEntry[] grown = new PadEntry[bucket.length + 1];
            System.arraycopy(bucket, 0, grown, 0, at);
            grown[at] = entry;
            System.arraycopy(bucket, at, grown, at + 1, bucket.length - at);
            index.set(key, grown);
        }
    }

    /** Where the entry is or belongs in a bucket ordered by the pads' ordinals. */
    private static int positionIn(PadEntry[] bucket, PadEntry entry) {
        int low = 0;
        int high = bucket.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (bucket[middle].ordinal < entry.ordinal) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private int keyOf(PadEntry entry, long knockIndex) {
        return sealed != null ? sealed.hintOf(knockIndex) : entry.pad.digit(knockIndex * profile.blockDigits());
    }

    /** Refuses a pad whose digits do not fit the profile or that holds no whole knock. */
    static void checkPadFits(Profile profile, Pad pad) {
        if (pad.digitBits() != profile.digitBits()) {
            throw new IllegalArgumentException("pad " + pad.id() + " has " + pad.digitBits()
                    + "-bit digits, the profile needs " + profile.digitBits());
        }
    }

    /**
     * Builds a {@link DoorVerifier}. Each option may be set once ({@link IllegalStateException}
     * otherwise); bad values are {@link IllegalArgumentException}s.
     */
    public static final class Builder {
        private final Set<String> set = new HashSet<>();
        private final Profile profile;
        private final PadStateStore store;
        private List<Pad> pads = List.of();
        private Clock clock = Clock.systemUTC();
        private int failureLimit = 8;
        private Duration failureInterval = Duration.ofSeconds(1);
        private long lowWater = 100;
        private int restrictedDigit = -1;
        private int[] allowedValues = new int[0];

        private Builder(Profile profile, PadStateStore store) {
            this.profile = Objects.requireNonNull(profile, "profile");
            this.store = Objects.requireNonNull(store, "store");
        }

        private void once(String option) {
            if (!set.add(option)) {
                throw new IllegalStateException(option + " was already set");
            }
        }

        /** The door's pads (at least one, distinct ids, the profile's digit bits). */
        public Builder pads(Collection<Pad> value) {
            once("pads");
            pads = List.copyOf(Objects.requireNonNull(value, "pads"));
            return this;
        }

        /** The door's pads. */
        public Builder pads(Pad... value) {
            return pads(Arrays.asList(value));
        }

        /** The clock for throttling intervals and last-use stamps (default the system clock, UTC). */
        public Builder clock(Clock value) {
            once("clock");
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Failures per pad per interval before attempts on it are dropped (default 8). */
        public Builder failureLimit(int value) {
            once("failure limit");
            if (value < 1) {
                throw new IllegalArgumentException("failure limit must be at least 1: " + value);
            }
            failureLimit = value;
            return this;
        }

        /** The throttling interval (default 1 s). */
        public Builder failureInterval(Duration value) {
            once("failure interval");
            Objects.requireNonNull(value, "failureInterval");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("failure interval must be positive: " + value);
            }
            failureInterval = value;
            return this;
        }

        /** Accepted knocks leaving fewer than this many knocks on a pad are flagged and logged (default 100). */
        public Builder lowWater(long value) {
            once("low water");
            if (value < 0) {
                throw new IllegalArgumentException("low water must not be negative: " + value);
            }
            lowWater = value;
            return this;
        }

        /**
         * Restricts one command digit to the values the door allows, typically the service digit
         * to the services the door offers. A knock whose decoded digit is another value is
         * rejected ({@link Verification.Reason#COMMAND_NOT_ALLOWED}) before its tags are checked:
         * it consumes nothing and counts no failure, so garbage knocks rarely reach the throttle.
         *
         * @param position the command digit, from 0 (below the profile's command digits)
         * @param values the allowed values (at least one, each a digit of the profile)
         */
        public Builder restrictCommandDigit(int position, Collection<Integer> values) {
            once("command restriction");
            Objects.requireNonNull(values, "values");
            if (profile.commandDigits() == 0) {
                throw new IllegalArgumentException("the profile has no command digits to restrict");
            }
            if (position < 0 || position >= profile.commandDigits()) {
                throw new IllegalArgumentException("restricted command digit must be in 0.."
                        + (profile.commandDigits() - 1) + ": " + position);
            }
            if (values.isEmpty()) {
                throw new IllegalArgumentException("allowed command values must not be empty");
            }
            int[] allowed = values.stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
            for (int value : allowed) {
                if (value < 0 || value >= profile.radix()) {
                    throw new IllegalArgumentException("allowed command value must be in 0.."
                            + (profile.radix() - 1) + ": " + value);
                }
            }
            restrictedDigit = position;
            allowedValues = allowed;
            return this;
        }

        /**
         * The verifier, with every pad's server state read from the store.
         *
         * @throws IllegalStateException when no pads were given
         * @throws IllegalArgumentException when a pad does not fit the profile or is given twice
         * @throws MissingStateException when a pad has no server state in the store: a lost
         *     state is never taken for a fresh pad (see {@link PadStateStore#create})
         * @throws IOException when a state cannot be read (broken, foreign)
         */
        public DoorVerifier build() throws IOException {
            if (pads.isEmpty()) {
                throw new IllegalStateException("no pads were given");
            }
            Set<PadId> seen = new HashSet<>();
            List<PadState> states = new ArrayList<>(pads.size());
            for (Pad pad : pads) {
                checkPadFits(profile, pad);
                if (!seen.add(pad.id())) {
                    throw new IllegalArgumentException("pad " + pad.id() + " is given twice");
                }
                states.add(store.stored(pad.id(), Side.SERVER)
                        .orElseThrow(() -> MissingStateException.forPad(pad.id(), Side.SERVER)));
            }
            return new DoorVerifier(this, pads, states);
        }
    }
}
