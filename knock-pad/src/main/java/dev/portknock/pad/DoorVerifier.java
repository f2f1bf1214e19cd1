package dev.portknock.pad;

import dev.portknock.core.Profile;
import dev.portknock.core.RawScheme;
import dev.portknock.core.Scheme;
import dev.portknock.core.SealedScheme;
import dev.portknock.core.internal.BuilderOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * with compare-and-set <em>before</em> it reports success (PROTOCOL.md §3.2, §3.3, §3.4, §5).
 *
 * <p><b>Where a knock may lie.</b> For each pad the verifier looks at a region around its cursor
 * {@code C}. The window {@code [C, C+W)} is where knocks are accepted. A sealed door also looks
 * {@code B} blocks behind the cursor and up to the resync horizon {@code C+H} ahead of it
 * ({@code B + H <= R}, so a hint names at most one block of the region): a knock whose tags are
 * right for a consumed block is reported as lying behind the cursor (a replay, or a client that
 * reused its state), and one whose tags are right for a block past the window as lying beyond it
 * (a client that drifted). Such a knock opens nothing, but a drifted client gets back in with two
 * consecutive knocks (PROTOCOL.md §3.4, as RFC 4226 §7.4 does for HOTP): when knock {@code j+1}
 * past the window verifies from the source whose knock {@code j} verified there within the resync
 * timeout, the cursor moves to {@code j+2} and the second knock is accepted.
 *
 * <p>Lookup is indexed: every block of each pad's region is filed under the digit a knock for it
 * starts with (sealed with one hint digit: the hint {@code j mod R}; sealed with two: the hint's
 * high digit {@code ((o + j) mod R^2) div R} for the pad's hint offset {@code o}, so a region
 * covers one or two such digits; raw: the block's first digit), and {@link #opensWith(int)} is one
 * lookup. With two hint digits each pad of the bucket is then filtered by arithmetic before any
 * tag is checked: the knock's whole hint names at most one block of the pad's region
 * (PROTOCOL.md §3.3), and with pads spread over {@code R^2} hint values a knock names its own pad
 * and rarely another, however many pads the door holds. With one hint digit, fresh
 * pads share hints and a knock is checked against every pad whose region holds its hint.
 *
 * <p><b>No lockout.</b> Failed verifications are counted per source prefix (an IPv4 address, an
 * IPv6 /64; PROTOCOL.md §5): past the limit (default 8 per second) further knocks from that prefix
 * are dropped unchecked for the rest of the interval. Garbage from spoofed sources therefore
 * throttles those sources only, never a legitimate client's knocks; forgery is kept out by the tag
 * length, not by the throttle (the default profile makes a year of a million guesses a second
 * succeed with probability below 2^-30: {@code SecurityFigure}).
 *
 * <p>A door may restrict one command digit to the values it allows (its services:
 * {@link Builder#restrictCommandDigit}). A knock whose decoded command breaks the restriction is
 * rejected before its tags are checked and counts no failure, so most garbage costs one unmasking.
 * Forgery is no easier: an accepted knock still needs the right tags, and the masked command is
 * checked in constant time.
 *
 * <p><b>Labels, services per pad, revoked pads.</b> Each pad carries a label ({@link DoorPad}) that
 * names its holder in the verifier's log lines and in {@link Verification.Accepted}, and may be
 * limited to some of the door's allowed values of the restricted digit (alice: 22; bob: 22 and
 * 443), checked before the tags as the door's restriction is. Pads the door no longer serves may
 * be kept as revoked ({@link Builder#revokedPads}): a knock whose tags are right for one of them,
 * and that no served pad accepts, is {@link Verification.Revoked}, so a revoked holder is told
 * apart from garbage; it consumes nothing and counts no failure.
 *
 * <p>Each failed knock is also added to the failure counter ({@link PadState#failures()}, what
 * {@code knock pad info} shows) of one pad: the first, in the order the pads were given, whose
 * window block named by the knock failed its check (PROTOCOL.md §5). A garbage knock therefore
 * counts against at most one pad however many pads it was checked against. The statistic is
 * written to the store in batches: at most once per failure interval per pad, with the next
 * accepted knock's cursor update (one write), at {@link #refresh()}, and at {@link #saveFailures()}
 * (a server calls it when it stops), so garbage never costs a durable write each.
 *
 * <p><b>A cursor never moves back.</b> The verifier caches each pad's state; compare-and-set
 * against the store catches a cursor moved by another gateway, and {@link #refresh()} re-reads
 * all states. A state read from the store whose cursor is behind one this verifier has already
 * seen (a restored backup, a reset database row) is never adopted: refresh logs it at error and
 * keeps the higher cursor, and a knock that finds the store behind fails closed with an
 * {@link IOException}. Gateways sharing a store call {@link #refresh()} periodically
 * ({@code KnockServer}'s {@code refreshInterval}); a knock whose tags verify past the cached window
 * also re-reads its pad's state first, since another gateway may have moved the cursor.
 */
public final class DoorVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(DoorVerifier.class);
    private static final PadEntry[] NO_ENTRIES = new PadEntry[0];
    private static final Verification.Rejected NO_CANDIDATE = new Verification.Rejected(Verification.Reason.NO_CANDIDATE);
    private static final Verification.Rejected BAD_TAGS = new Verification.Rejected(Verification.Reason.BAD_TAGS);
    private static final Verification.Rejected BAD_DIGITS = new Verification.Rejected(Verification.Reason.BAD_DIGITS);
    private static final Verification.Rejected COMMAND_NOT_ALLOWED =
            new Verification.Rejected(Verification.Reason.COMMAND_NOT_ALLOWED);
    private static final Verification.Rejected BEHIND_CURSOR =
            new Verification.Rejected(Verification.Reason.BEHIND_CURSOR);
    private static final Verification.Rejected BEYOND_WINDOW =
            new Verification.Rejected(Verification.Reason.BEYOND_WINDOW);
    private static final Verification.Throttled THROTTLED = new Verification.Throttled();
    /** Source prefixes the throttle tracks at most. */
    private static final int THROTTLE_CAPACITY = 65_536;
    /** First knocks of a resync held per pad at most (each needed right tags, so a few suffice). */
    private static final int PENDING_RESYNCS_PER_PAD = 64;

    private final Profile profile;
    private final PadStateStore store;
    private final Clock clock;
    private final int failureLimit;
    private final Duration failureInterval;
    private final SourceThrottle throttle;
    private final long lowWater;
    /** B: blocks behind the cursor in the region (sealed; 0 for raw). */
    private final long lookBehind;
    /** H: the region ends at {@code C + H} (sealed; {@code W} for raw, which has no resync). */
    private final long horizon;
    private final Duration resyncTimeout;
    /** The restricted command digit's position, or -1 when no digit is restricted. */
    private final int restrictedDigit;
    /** The values the restricted command digit may take. */
    private final int[] allowedValues;
    private final SealedScheme sealed;
    private final RawScheme raw;
    private final List<PadEntry> entries;
    /**
     * For each first digit, the pads whose region holds a block filed under it, each once, in the
     * order the pads were given. Buckets are replaced, never changed in place, so a knock reads
     * its candidates with one volatile load and no lock or copy; writers (accepts, refreshes:
     * rare) serialize on {@link #indexWrites}.
     */
    private final AtomicReferenceArray<PadEntry[]> index;
    private final Object indexWrites = new Object();
    private final AtomicInteger livePads = new AtomicInteger();

    /** Which blocks of a pad's region a pass over the candidates checks. */
    private enum Region {
        WINDOW, OUTSIDE_WINDOW;

        static final Region[] BOTH = {WINDOW, OUTSIDE_WINDOW};
        static final Region[] WINDOW_ONLY = {WINDOW};
    }

    /** The first knock of a resync: block {@code block} verified from a source, held until {@code expires}. */
    private record PendingResync(long block, Instant expires) {
    }

    /** One pad with its cached state, lock, failure statistic, pending resyncs and indexed region. */
    private static final class PadEntry {
        /** The pad's position among the door's pads: the order of candidates in a bucket. */
        final int ordinal;
        final Pad pad;
        final long knocks;
        final ReentrantLock lock = new ReentrantLock();
        /** A candidate block's digits, used under the lock and zeroed after each use. */
        final int[] block;
        /** The pad's hint offset {@code o} (PROTOCOL.md §3.3; 0 with one hint digit). */
        final long hintOffset;
        volatile PadState state;
        /**
         * The cursor of {@link #state}, kept beside it so that filtering a bucket's pads by a
         * knock's hint reads the entries alone (with thousands of pads, each read of another
         * object is a likely cache miss).
         */
        volatile long cursor;
        /** The region filed in the index: blocks {@code [indexedFrom, indexedTo)}. */
        long indexedFrom;
        long indexedTo;
        /** Failures counted but not yet added to the store, and when the last of them happened. */
        long unsavedFailures;
        Instant lastFailure = Instant.MIN;
        /** Failures are added to the store at most once per interval: not before this instant. */
        Instant nextSave = Instant.MIN;
        /** A lower cursor the store was last found holding, reported once until it changes; -1 when none. */
        long refusedCursor = -1;
        /** First knocks of resyncs by source, oldest first. */
        final LinkedHashMap<InetAddress, PendingResync> pendingResyncs = new LinkedHashMap<>();
        /** The pad's label, for outcomes; set once, in the verifier's constructor. */
        String label;
        /** How log lines name the pad: its label, with its id when the label is not the id's text. */
        String name;
        /** The values the restricted command digit may take for this pad: the door's, or fewer. */
        int[] allowedValues;
        /** A pad the door no longer serves: its knocks are recognised and refused; it consumes nothing. */
        boolean revoked;

        PadEntry(int ordinal, Pad pad, long knocks, PadState state, int blockDigits, long hintOffset) {
            this.ordinal = ordinal;
            this.pad = pad;
            this.knocks = knocks;
            this.state = state;
            this.cursor = state.cursor();
            this.block = new int[blockDigits];
            this.hintOffset = hintOffset;
        }
    }

    private DoorVerifier(Builder builder, List<Pad> pads, List<PadState> states) {
        this.profile = builder.profile;
        this.store = builder.store;
        this.clock = builder.clock;
        this.failureLimit = builder.failureLimit;
        this.failureInterval = builder.failureInterval;
        this.throttle = new SourceThrottle(builder.failureLimit, builder.failureInterval, THROTTLE_CAPACITY);
        this.lowWater = builder.lowWater;
        this.restrictedDigit = builder.restrictedDigit;
        this.allowedValues = builder.allowedValues;
        this.sealed = profile.scheme() == Scheme.SEALED ? new SealedScheme(profile) : null;
        this.raw = profile.scheme() == Scheme.RAW ? new RawScheme(profile) : null;
        this.horizon = sealed != null ? builder.horizon() : profile.window();
        this.lookBehind = sealed != null ? Math.min(profile.window(), profile.radix() - horizon) : 0;
        this.resyncTimeout = builder.resyncTimeout;
        List<PadEntry> created = new ArrayList<>(pads.size());
        for (int p = 0; p < pads.size(); p++) {
            Pad pad = pads.get(p);
            created.add(new PadEntry(p, pad, pad.knocks(profile), states.get(p), profile.blockDigits(),
                    pad.id().hintOffset(profile)));
        }
        describe(created, builder);
        this.entries = List.copyOf(created);
        this.index = new AtomicReferenceArray<>(profile.radix());
        fileAll();
    }

    /**
     * Gives each entry its label, its services and whether it is revoked: the entries are the
     * served pads, in the order given, then the revoked ones.
     */
    private void describe(List<PadEntry> created, Builder builder) {
        int served = builder.pads.size();
        for (PadEntry entry : created) {
            boolean revoked = entry.ordinal >= served;
            String label = revoked ? builder.revokedPads.get(entry.ordinal - served).label()
                    : builder.pads.get(entry.ordinal).label();
            List<Integer> services = revoked ? List.of() : builder.pads.get(entry.ordinal).services();
            entry.revoked = revoked;
            entry.label = label;
            entry.name = label.equals(entry.pad.id().toString()) ? label : label + " (pad " + entry.pad.id() + ")";
            entry.allowedValues = services.isEmpty() ? allowedValues
                    : services.stream().mapToInt(Integer::intValue).sorted().toArray();
        }
    }

    /** Files every pad's region at its cursor, one bucket array each (filing pad by pad would copy a bucket per pad). */
    private void fileAll() {
        List<List<PadEntry>> buckets = new ArrayList<>(profile.radix());
        for (int d = 0; d < profile.radix(); d++) {
            buckets.add(new ArrayList<>(0));
        }
        for (PadEntry entry : entries) {
            long cursor = entry.state.cursor();
            if (!entry.revoked && cursor < entry.knocks) {
                livePads.incrementAndGet();
            }
            entry.indexedFrom = regionStart(entry, cursor);
            entry.indexedTo = regionEnd(entry, cursor);
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
     * The most live pads one knock is checked against at the cursors held now: the fullest bucket
     * of the index, revoked pads left out (they open nothing). A forged knock may be tried against
     * each pad its first digit names, so a year of guessing (PROTOCOL.md §3.3) is up to this many
     * times likelier to open the door than its profile alone says. With one hint digit, fresh pads
     * share every hint and this is the number of pads; with two, a door's pads rarely share one.
     * An upper bound: a bucket holds every pad whose region, not only its window, has a block
     * filed under the digit. Costs a pass over the index; for a server's start and reload, not
     * for each knock.
     */
    public int mostPadsPerKnock() {
        int most = 0;
        for (int d = 0; d < index.length(); d++) {
            int live = 0;
            for (PadEntry entry : index.get(d)) {
                if (!entry.revoked) {
                    live++;
                }
            }
            most = Math.max(most, live);
        }
        return most;
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
     * @throws IOException when state cannot be read or persisted, or the store holds a cursor behind
     *     one already seen (the knock must not open anything)
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
        long hint = hintIn(knock);
        if (!anyNames(candidates, hint)) {
            if (livePads.get() == 0) {
                PadEntry first = entries.get(0);
                if (LOG.isWarnEnabled()) {
                    LOG.warn("door pads exhausted: knock from {} refused, pad {}", source.getHostAddress(), first.name);
                }
                return new Verification.Exhausted(first.pad.id(), first.label);
            }
            return rejectedWithoutCandidate(source);
        }
        Instant now = clock.instant();
        if (!throttle.admit(source, now)) {
            // per knock, so debug: the caller logs the outcome, and the prefix's warning marks the interval once
            if (LOG.isDebugEnabled()) {
                LOG.debug("knock from {} dropped: its source prefix is throttled", source.getHostAddress());
            }
            return THROTTLED;
        }
        // Look for the pad the knock belongs to; only a knock that no candidate accepts or places
        // is a failure, and it is charged to the first pad whose window candidate it failed on,
        // once its fate is known.
        PadEntry chargedTo = null;
        Verification placed = null;
        boolean commandRefused = false;
        boolean failed = false;
        try {
            // Window blocks of every candidate pad first: a good knock costs what it did before
            // the region grew; blocks behind or beyond the window only for knocks none accepts.
            for (Region region : sealed != null ? Region.BOTH : Region.WINDOW_ONLY) {
                for (PadEntry entry : candidates) {
                    if (!names(entry, hint)) {
                        continue;
                    }
                    Verification outcome;
                    entry.lock.lock();
                    try {
                        outcome = tryAccept(entry, knock, hint, source, region);
                    } finally {
                        entry.lock.unlock();
                    }
                    if (outcome instanceof Verification.Accepted || outcome instanceof Verification.Revoked) {
                        return outcome;
                    }
                    if (outcome == BEHIND_CURSOR || outcome == BEYOND_WINDOW) {
                        placed = placed == null ? outcome : placed;
                    } else if (outcome == COMMAND_NOT_ALLOWED) {
                        commandRefused = true;
                    } else if ((outcome == BAD_TAGS || outcome == BAD_DIGITS) && chargedTo == null) {
                        chargedTo = entry;
                    }
                }
            }
            if (placed != null) {
                return placed;
            }
            if (chargedTo != null) {
                failed = true;
                countFailure(chargedTo, source, now);
                return sealed != null ? BAD_TAGS : BAD_DIGITS;
            }
        } finally {
            // debug: a flood from many sources trips many prefixes each interval; the server
            // reports the knocks it then drops, a few lines and a count per period
            if (throttle.release(source, failed, now) && LOG.isDebugEnabled()) {
                LOG.debug("knocks from the source prefix of {} dropped for {}: {} failed in that time",
                        source.getHostAddress(), failureInterval, failureLimit);
            }
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
        // what garbage looks like, one line each: debug, the caller logs the outcome
        if (LOG.isDebugEnabled()) {
            LOG.debug("knock from {} rejected: no candidate pad", source.getHostAddress());
        }
        return NO_CANDIDATE;
    }

    /**
     * Whether some pad's region holds a block a knock starting with this digit could be (sealed:
     * the hint; raw: the block's first digit). One index lookup, for the sequence matcher's gating.
     */
    public boolean opensWith(int firstDigit) {
        return firstDigit >= 0 && firstDigit < profile.radix() && index.get(firstDigit).length != 0;
    }

    /** Every served pad's id, server cursor and knocks, in the order the pads were given (revoked pads are not). */
    public List<PadStatus> pads() {
        List<PadStatus> statuses = new ArrayList<>(entries.size());
        for (PadEntry entry : entries) {
            if (entry.revoked) {
                continue;
            }
            statuses.add(new PadStatus(entry.pad.id(), entry.state.cursor(), entry.knocks));
        }
        return List.copyOf(statuses);
    }

    /** One pad's status, empty when the door does not serve that pad. */
    public Optional<PadStatus> pad(PadId padId) {
        return pads().stream().filter(s -> s.padId().equals(padId)).findFirst();
    }

    /**
     * Every pad this verifier serves or recognises as revoked, as a verifier that no longer serves
     * it recognises it ({@link Builder#revokedPads}): with its label and the cursor held now. A
     * reload passes those of the pads it drops to the verifier it builds, so that their holders'
     * knocks are refused as revoked, not taken for garbage.
     */
    public List<RevokedPad> asRevoked() {
        List<RevokedPad> revoked = new ArrayList<>(entries.size());
        for (PadEntry entry : entries) {
            revoked.add(new RevokedPad(entry.pad, entry.label, entry.state.cursor()));
        }
        return List.copyOf(revoked);
    }

    /**
     * Re-reads every pad's state from the store (after another gateway sharing it moved cursors),
     * one pad at a time under that pad's lock: one store read per pad. A state whose cursor is
     * behind the one already seen is refused (logged at error, once until it changes), never adopted.
     *
     * @throws IOException when a state cannot be read
     */
    public void refresh() throws IOException {
        for (PadEntry entry : entries) {
            if (entry.revoked) {
                continue; // its region stays where it was revoked; its state may be gone from the store
            }
            entry.lock.lock();
            try {
                PadState read = entry.unsavedFailures > 0
                        ? store.recordFailures(entry.pad.id(), Side.SERVER, takeUnsaved(entry, clock.instant()),
                                entry.lastFailure)
                        : store.read(entry.pad.id(), Side.SERVER);
                adoptIfNotBehind(entry, read);
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
                if (!entry.revoked && entry.unsavedFailures > 0) {
                    saveFailures(entry, now);
                }
            } finally {
                entry.lock.unlock();
            }
        }
    }

    /**
     * Under the entry's lock: checks the knock against the blocks of the pad's region at the
     * current cursor that the pass looks at (the window, or the rest) and consumes on success. Returns the acceptance; {@link #BEHIND_CURSOR} or {@link #BEYOND_WINDOW}
     * when its tags are right for a block outside the window (a pending resync is recorded for the
     * latter); {@link #BAD_TAGS}/{@link #BAD_DIGITS} when a window candidate was checked and failed;
     * {@link #COMMAND_NOT_ALLOWED} when every candidate of the region decodes the command to a value
     * the restriction refuses; null when nothing else applies (a failed check outside the window).
     */
    private Verification tryAccept(PadEntry entry, int[] knock, long hint, InetAddress source, Region region)
            throws IOException {
        if (entry.revoked) {
            // after every live pad's blocks, in the last pass: a revoked pad never takes a live pad's knock
            return region == (sealed != null ? Region.OUTSIDE_WINDOW : Region.WINDOW)
                    ? recognise(entry, knock, hint, source) : null;
        }
        int blockDigits = profile.blockDigits();
        int[] block = entry.block;
        // after the cursor moved under us, the knock's block may have changed sides: check them all
        boolean everywhere = false;
        while (true) {
            PadState state = entry.state;
            long cursor = state.cursor();
            long windowEnd = windowEnd(entry, cursor);
            long end = regionEnd(entry, cursor);
            boolean retry = false;
            boolean refused = false;
            boolean checked = false;
            boolean failedInWindow = false;
            Verification placed = null;
            long from = regionStart(entry, cursor);
            for (long j = nextCandidate(entry, from, end, hint); j < end; j = nextCandidate(entry, j + 1, end, hint)) {
                boolean inWindow = j >= cursor && j < windowEnd;
                if (!everywhere && inWindow != (region == Region.WINDOW)) {
                    continue;
                }
                entry.pad.copyDigits(j * blockDigits, block, 0, blockDigits);
                try {
                    // decoded before the tags only when a digit is restricted; otherwise only once they match
                    int[] command = restrictedDigit < 0 ? null : decodeCommand(block, knock);
                    if (command != null && !commandAllowed(entry.allowedValues, command[restrictedDigit])) {
                        refused = true;
                        continue;
                    }
                    checked = true;
                    if (!matches(block, knock, source)) {
                        failedInWindow |= inWindow;
                        continue;
                    }
                    if (j < cursor) {
                        placed = behindCursor(entry, source, j, cursor);
                        continue;
                    }
                    if (j >= windowEnd && !resyncCompletes(entry, source, j)) {
                        // another gateway may have moved the cursor: read it before holding a resync
                        if (rereadMoved(entry, state)) {
                            retry = true;
                            everywhere = true;
                            break;
                        }
                        placed = beyondWindow(entry, source, j, cursor);
                        continue;
                    }
                    if (command == null) {
                        command = decodeCommand(block, knock);
                    }
                    Verification accepted = consume(entry, state, j, command, source);
                    if (accepted != null) {
                        return accepted;
                    }
                    retry = true;
                    everywhere = true;
                    break;
                } finally {
                    Arrays.fill(block, 0);
                }
            }
            if (!retry) {
                if (placed != null) {
                    return placed;
                }
                if (failedInWindow) {
                    return sealed != null ? BAD_TAGS : BAD_DIGITS;
                }
                return refused && !checked ? COMMAND_NOT_ALLOWED : null;
            }
        }
    }

    /**
     * Under the entry's lock: persists the cursor past block {@code j} with compare-and-set and
     * returns the acceptance, or null when the store moved under us (its state is adopted: retry).
     */
    private Verification consume(PadEntry entry, PadState state, long j, int[] command, InetAddress source)
            throws IOException {
        Instant now = clock.instant();
        PadState advanced = state.advancedTo(j + 1, now);
        // the failures counted since the last save go with the cursor: one write
        PadState updated = entry.unsavedFailures == 0 ? advanced : advanced.withFailures(entry.unsavedFailures, now);
        if (!store.compareAndSet(state, updated)) {
            LOG.info("pad {} cursor moved in the store under us; reading it again", entry.name);
            adoptOrFail(entry, store.read(entry.pad.id(), Side.SERVER));
            return null;
        }
        entry.unsavedFailures = 0;
        if (j >= windowEnd(entry, state.cursor())) {
            LOG.info("pad {} resynchronised by two consecutive knocks from {}: cursor {} -> {}", entry.name,
                    source.getHostAddress(), state.cursor(), j + 1);
        }
        entry.pendingResyncs.remove(source);
        adopt(entry, updated);
        long left = entry.knocks - j - 1;
        boolean low = left < lowWater;
        if (LOG.isInfoEnabled()) {
            LOG.info("pad {} accepted knock {} from {}; {} knocks left", entry.name, j, source.getHostAddress(),
                    left);
        }
        if (low) {
            LOG.warn("pad {} is running low: {} knocks left", entry.name, left);
        }
        return new Verification.Accepted(entry.pad.id(), entry.label, j, command, left, low);
    }

    /**
     * Under the entry's lock, for a revoked pad: whether the knock's tags are right for a block of
     * its region (where it was revoked). Allowed by the door's restriction first, as a live pad's
     * knock is, so garbage costs a revoked pad no more than a live one. Consumes nothing.
     */
    private Verification recognise(PadEntry entry, int[] knock, long hint, InetAddress source) {
        int blockDigits = profile.blockDigits();
        int[] block = entry.block;
        long cursor = entry.state.cursor();
        long end = regionEnd(entry, cursor);
        for (long j = nextCandidate(entry, regionStart(entry, cursor), end, hint); j < end;
                j = nextCandidate(entry, j + 1, end, hint)) {
            entry.pad.copyDigits(j * blockDigits, block, 0, blockDigits);
            try {
                if (restrictedDigit >= 0
                        && !commandAllowed(entry.allowedValues, decodeCommand(block, knock)[restrictedDigit])) {
                    continue;
                }
                if (matches(block, knock, source)) {
                    // debug: the caller logs the outcome (a replayed revoked knock must not flood the log)
                    if (LOG.isDebugEnabled()) {
                        LOG.debug("knock from {} refused: pad {} was revoked", source.getHostAddress(), entry.name);
                    }
                    return new Verification.Revoked(entry.pad.id(), entry.label);
                }
            } finally {
                Arrays.fill(block, 0);
            }
        }
        return null;
    }

    /** Under the entry's lock: a knock whose tags are right for a consumed block. */
    private Verification behindCursor(PadEntry entry, InetAddress source, long j, long cursor) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("pad {}: knock {} from {} lies behind the cursor {}", entry.name, j, source.getHostAddress(),
                    cursor);
        }
        return BEHIND_CURSOR;
    }

    /** Under the entry's lock: a knock whose tags are right for a block past the window, held as a resync's first. */
    private Verification beyondWindow(PadEntry entry, InetAddress source, long j, long cursor) {
        entry.pendingResyncs.remove(source);
        entry.pendingResyncs.put(source, new PendingResync(j, clock.instant().plus(resyncTimeout)));
        if (entry.pendingResyncs.size() > PENDING_RESYNCS_PER_PAD) {
            InetAddress oldest = entry.pendingResyncs.keySet().iterator().next();
            entry.pendingResyncs.remove(oldest);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("pad {}: knock {} from {} lies beyond the window at cursor {}; held for a resync",
                    entry.name, j, source.getHostAddress(), cursor);
        }
        return BEYOND_WINDOW;
    }

    /** Under the entry's lock: whether block {@code j - 1} verified from this source within the resync timeout. */
    private boolean resyncCompletes(PadEntry entry, InetAddress source, long j) {
        PendingResync pending = entry.pendingResyncs.get(source);
        if (pending == null) {
            return false;
        }
        if (!clock.instant().isBefore(pending.expires())) {
            entry.pendingResyncs.remove(source);
            return false;
        }
        return pending.block() == j - 1;
    }

    /** Under the entry's lock: re-reads the pad's state; true when its cursor moved (adopted: retry). */
    private boolean rereadMoved(PadEntry entry, PadState cached) throws IOException {
        PadState read = store.read(entry.pad.id(), Side.SERVER);
        if (read.cursor() == cached.cursor()) {
            return false;
        }
        adoptOrFail(entry, read);
        return true;
    }

    private int[] decodeCommand(int[] block, int[] knock) {
        return sealed != null ? sealed.decodeCommand(block, knock) : raw.decodeCommand(knock);
    }

    /**
     * Whether the restricted command digit's value is among the allowed ones (the door's, or one
     * pad's). Every allowed value is compared, without a data-dependent branch: for a sealed knock
     * the digit is unmasked with pad material.
     */
    private static boolean commandAllowed(int[] allowed, int digit) {
        int found = 0;
        for (int value : allowed) {
            // digits are below 2^15: (difference - 1) is negative exactly when they are equal
            found |= ((value ^ digit) - 1) >>> 31;
        }
        return found != 0;
    }

    /** After no candidate accepted or placed a knock: one more failure in the pad's statistic, saved when due. */
    private void countFailure(PadEntry entry, InetAddress source, Instant now) throws IOException {
        entry.lock.lock();
        try {
            entry.unsavedFailures++;
            entry.lastFailure = now;
            if (LOG.isDebugEnabled()) {
                LOG.debug("pad {} rejected knock from {} at cursor {}", entry.name, source.getHostAddress(),
                        entry.state.cursor());
            }
            if (!now.isBefore(entry.nextSave)) {
                saveFailures(entry, now);
            }
        } finally {
            entry.lock.unlock();
        }
    }

    /** Under the entry's lock: adds its unsaved failures to the store and adopts the state it returns. */
    private void saveFailures(PadEntry entry, Instant now) throws IOException {
        PadState saved = store.recordFailures(entry.pad.id(), Side.SERVER, takeUnsaved(entry, now), entry.lastFailure);
        adoptIfNotBehind(entry, saved);
    }

    /** Under the entry's lock: the unsaved failure count, now handed to the store; the next save is an interval away. */
    private long takeUnsaved(PadEntry entry, Instant now) {
        long count = entry.unsavedFailures;
        entry.unsavedFailures = 0;
        entry.nextSave = now.plus(failureInterval);
        return count;
    }

    /** The end (exclusive) of the window at {@code cursor}: W blocks, or fewer at the pad's end. */
    private long windowEnd(PadEntry entry, long cursor) {
        return Math.min(cursor + profile.window(), entry.knocks);
    }

    /** The first block of the region at {@code cursor}: B blocks behind it (sealed), or the cursor (raw). */
    private long regionStart(PadEntry entry, long cursor) {
        return Math.min(Math.max(0, cursor - lookBehind), entry.knocks);
    }

    /** The end (exclusive) of the region at {@code cursor}: the horizon, or fewer at the pad's end. */
    private long regionEnd(PadEntry entry, long cursor) {
        return Math.min(cursor + horizon, entry.knocks);
    }

    /**
     * The first block in {@code [from, end)} a knock with this hint could be, or {@code end} when
     * there is none. Sealed: the one index the hint names (the region spans at most R blocks, so
     * it holds at most one); raw ({@code hint} is the knock's first digit): every block that begins
     * with the digit, in order.
     */
    private long nextCandidate(PadEntry entry, long from, long end, long hint) {
        if (sealed != null) {
            long j = sealed.candidateIndex(from, entry.hintOffset, hint);
            return j < end ? j : end;
        }
        long j = from;
        while (j < end && entry.pad.digit(j * profile.blockDigits()) != hint) {
            j++;
        }
        return j;
    }

    /** What a knock's candidate blocks are found by: its hint value (sealed), its first digit (raw). */
    private long hintIn(int[] knock) {
        return sealed != null ? sealed.hintIn(knock) : knock[0];
    }

    /**
     * Whether the hint names a block of the pad's region at its cursor, by arithmetic alone and
     * without the pad's lock (sealed; raw pads of the bucket always qualify, the index being exact
     * for their first digit). The check under the lock decides; this only spares the pads a
     * two-digit hint's high digit shares with the knock's own.
     */
    private boolean names(PadEntry entry, long hint) {
        if (sealed == null) {
            return true;
        }
        long cursor = entry.cursor;
        long end = regionEnd(entry, cursor);
        return nextCandidate(entry, regionStart(entry, cursor), end, hint) < end;
    }

    private boolean anyNames(PadEntry[] candidates, long hint) {
        for (PadEntry entry : candidates) {
            if (names(entry, hint)) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(int[] block, int[] knock, InetAddress source) {
        return sealed != null ? sealed.verify(block, knock, source) : raw.matches(block, knock);
    }

    /**
     * Under the entry's lock, for a state read after a failed compare-and-set: adopts it, or fails
     * the knock closed when the store went back behind the cursor already seen.
     */
    private void adoptOrFail(PadEntry entry, PadState state) throws IOException {
        if (!adoptIfNotBehind(entry, state)) {
            throw new IOException("pad " + entry.name + ": the state store holds cursor " + state.cursor()
                    + ", behind cursor " + entry.state.cursor() + " already seen; refused");
        }
    }

    /**
     * Under the entry's lock: adopts a state read from the store unless its cursor is behind the
     * one already seen, which is logged at error (once until the stored cursor changes) and refused.
     *
     * @return whether the state was adopted
     */
    private boolean adoptIfNotBehind(PadEntry entry, PadState state) {
        long seen = entry.state.cursor();
        if (state.cursor() < seen) {
            if (entry.refusedCursor != state.cursor()) {
                entry.refusedCursor = state.cursor();
                LOG.error("pad {}: the state store holds cursor {}, behind cursor {} already seen; refused, not adopted"
                        + " (a restored backup or a reset record? move the stored cursor forward to at least {})",
                        entry.name, state.cursor(), seen, seen);
            }
            return false;
        }
        entry.refusedCursor = -1;
        adopt(entry, state);
        return true;
    }

    /** Under the entry's lock: take a state as the entry's and move its region in the index. */
    private void adopt(PadEntry entry, PadState state) {
        boolean wasLive = entry.state.cursor() < entry.knocks;
        entry.state = state;
        entry.cursor = state.cursor();
        if (wasLive && state.cursor() >= entry.knocks) {
            livePads.decrementAndGet();
            LOG.warn("pad {} is exhausted", entry.name);
        }
        reindex(entry, state.cursor());
    }

    /**
     * Under the entry's lock: move the pad's region in the index to the one at {@code cursor}.
     * A bucket holds the pad while any block of the region is filed under its digit, so a digit
     * is dropped only when no block left in the region has it.
     */
    private void reindex(PadEntry entry, long cursor) {
        long from = regionStart(entry, cursor);
        long to = regionEnd(entry, cursor);
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
            fileUnlessHeld(entry, keyOf(entry, j), oldFrom, oldTo);
        }
        for (long j = Math.max(from, oldTo); j < to; j++) {
            fileUnlessHeld(entry, keyOf(entry, j), oldFrom, oldTo);
        }
        entry.indexedFrom = from;
        entry.indexedTo = to;
    }

    /**
     * Files the pad under {@code key} unless the region filed so far, {@code [oldFrom, oldTo)},
     * already holds the key, so that the bucket is already right (sealed: an O(1) check, which
     * spares the accepted knock the bucket's lock and search; a raw region would need a scan).
     */
    private void fileUnlessHeld(PadEntry entry, int key, long oldFrom, long oldTo) {
        if (sealed != null && regionHolds(entry, oldFrom, oldTo, key)) {
            return;
        }
        file(entry, key);
    }

    private void unfileUnlessHeld(PadEntry entry, int key, long from, long to) {
        if (regionHolds(entry, from, to, key)) {
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

    /**
     * Whether a block of {@code [from, to)} is filed under {@code key}. With two hint digits the
     * region's hints run consecutively (modulo R^2) over at most R values, so its keys are the
     * high digits of its first and last hints; otherwise a key names the blocks a knock starting
     * with it could be.
     */
    private boolean regionHolds(PadEntry entry, long from, long to, int key) {
        if (sealed != null && profile.hintDigits() == 2) {
            return from < to && (keyOf(entry, from) == key || keyOf(entry, to - 1) == key);
        }
        return nextCandidate(entry, from, to, key) < to;
    }

    /** The index key of block {@code j}: the first digit of its knock (sealed: the hint's high digit). */
    private int keyOf(PadEntry entry, long knockIndex) {
        if (sealed == null) {
            return entry.pad.digit(knockIndex * profile.blockDigits());
        }
        long hint = sealed.hintOf(entry.hintOffset, knockIndex);
        return (int) (hint >>> (profile.digitBits() * (profile.hintDigits() - 1)));
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
        private final BuilderOptions options = new BuilderOptions();
        private final Profile profile;
        private final PadStateStore store;
        private List<DoorPad> pads = List.of();
        private List<RevokedPad> revokedPads = List.of();
        private Clock clock = Clock.systemUTC();
        private int failureLimit = 8;
        private Duration failureInterval = Duration.ofSeconds(1);
        private long lowWater = 100;
        private int restrictedDigit = -1;
        private int[] allowedValues = new int[0];
        private long resyncHorizon = -1;
        private Duration resyncTimeout = Duration.ofMinutes(5);

        private Builder(Profile profile, PadStateStore store) {
            this.profile = Objects.requireNonNull(profile, "profile");
            this.store = Objects.requireNonNull(store, "store");
        }

        /**
         * The door's pads (at least one, distinct ids, the profile's digit bits), each under its
         * id's text and allowed whatever the door allows ({@link DoorPad#of}). This or
         * {@link #doorPads(Collection)}, once.
         */
        public Builder pads(Collection<Pad> value) {
            return doorPads(Objects.requireNonNull(value, "pads").stream().map(DoorPad::of).toList());
        }

        /** The door's pads. */
        public Builder pads(Pad... value) {
            return pads(Arrays.asList(value));
        }

        /**
         * The door's pads with their labels and services (at least one, distinct ids and labels,
         * the profile's digit bits). A pad's services must be values the door's restriction
         * ({@link #restrictCommandDigit}) allows; a knock asking for another is rejected
         * ({@link Verification.Reason#COMMAND_NOT_ALLOWED}) before its tags are checked. This or
         * {@link #pads(Collection)}, once.
         */
        public Builder doorPads(Collection<DoorPad> value) {
            pads = options.once("pads", List.copyOf(Objects.requireNonNull(value, "pads")));
            return this;
        }

        /** The door's pads with their labels and services. */
        public Builder doorPads(DoorPad... value) {
            return doorPads(Arrays.asList(value));
        }

        /**
         * Pads the door no longer serves but whose knocks it recognises (default none): a knock
         * whose tags are right for a block of such a pad's region at its cursor, and that no served
         * pad accepts, is {@link Verification.Revoked}: it opens nothing, consumes nothing and
         * counts no failure. Their states are not read from the store (it may no longer hold them).
         * Each pad at most once and not also served.
         */
        public Builder revokedPads(Collection<RevokedPad> value) {
            revokedPads = options.once("revoked pads", List.copyOf(Objects.requireNonNull(value, "revokedPads")));
            return this;
        }

        /** The clock for throttling intervals and last-use stamps (default the system clock, UTC). */
        public Builder clock(Clock value) {
            clock = options.once("clock", Objects.requireNonNull(value, "clock"));
            return this;
        }

        /** Failed knocks per source prefix per interval before its knocks are dropped unchecked (default 8). */
        public Builder failureLimit(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("failure limit must be at least 1: " + value);
            }
            failureLimit = options.once("failure limit", value);
            return this;
        }

        /** The throttling interval, also the least time between two saves of a pad's failure statistic (default 1 s). */
        public Builder failureInterval(Duration value) {
            Objects.requireNonNull(value, "failureInterval");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("failure interval must be positive: " + value);
            }
            failureInterval = options.once("failure interval", value);
            return this;
        }

        /** Accepted knocks leaving fewer than this many knocks on a pad are flagged and logged (default 100). */
        public Builder lowWater(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("low water must not be negative: " + value);
            }
            lowWater = options.once("low water", value);
            return this;
        }

        /**
         * Sealed doors: how far past the cursor a knock is looked for, in knocks ({@code H},
         * PROTOCOL.md §3.4): knocks in {@code [C+W, C+H)} whose tags are right are held for a
         * resync instead of being lost. At least the window, at most {@code R}; default
         * {@code min(4W, R)}. Knocks behind the cursor are recognised as such up to
         * {@code min(W, R - H)} blocks back.
         */
        public Builder resyncHorizon(long value) {
            if (value < profile.window() || value > profile.radix()) {
                throw new IllegalArgumentException("resync horizon must be in " + profile.window() + ".."
                        + profile.radix() + ": " + value);
            }
            resyncHorizon = options.once("resync horizon", value);
            return this;
        }

        /** How long the first knock of a resync waits for the second (default 5 minutes). */
        public Builder resyncTimeout(Duration value) {
            Objects.requireNonNull(value, "resyncTimeout");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("resync timeout must be positive: " + value);
            }
            resyncTimeout = options.once("resync timeout", value);
            return this;
        }

        /** H: the horizon set, or {@code min(4W, R)}. */
        long horizon() {
            return resyncHorizon >= 0 ? resyncHorizon : Math.min(4L * profile.window(), profile.radix());
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
            options.once("command restriction", "digit " + position + " to " + Arrays.toString(allowed));
            restrictedDigit = position;
            allowedValues = allowed;
            return this;
        }

        /**
         * The verifier, with every pad's server state read from the store.
         *
         * @throws IllegalStateException when no pads were given
         * @throws IllegalArgumentException when a pad does not fit the profile, is given twice (also
         *     as a served and a revoked pad), two served pads have one label, or a pad's services
         *     are not all values the door's restriction allows
         * @throws MissingStateException when a pad has no server state in the store: a lost
         *     state is never taken for a fresh pad (see {@link PadStateStore#create})
         * @throws IOException when a state cannot be read (broken, foreign)
         */
        public DoorVerifier build() throws IOException {
            if (pads.isEmpty()) {
                throw new IllegalStateException("no pads were given");
            }
            Set<PadId> seen = new HashSet<>();
            Set<String> labels = new HashSet<>();
            List<Pad> all = new ArrayList<>(pads.size() + revokedPads.size());
            List<PadState> states = new ArrayList<>(all.size());
            for (DoorPad doorPad : pads) {
                Pad pad = doorPad.pad();
                checkPadFits(profile, pad);
                if (!seen.add(pad.id())) {
                    throw new IllegalArgumentException("pad " + pad.id() + " is given twice");
                }
                if (!labels.add(doorPad.label())) {
                    throw new IllegalArgumentException("label " + doorPad.label() + " is given to two pads");
                }
                checkServices(doorPad);
                all.add(pad);
                states.add(store.stored(pad.id(), Side.SERVER)
                        .orElseThrow(() -> MissingStateException.forPad(pad.id(), Side.SERVER)));
            }
            for (RevokedPad revoked : revokedPads) {
                Pad pad = revoked.pad();
                checkPadFits(profile, pad);
                if (!seen.add(pad.id())) {
                    throw new IllegalArgumentException("pad " + pad.id() + " is given twice (served or revoked)");
                }
                all.add(pad);
                states.add(new PadState(pad.id(), Side.SERVER, revoked.cursor(), 0, Optional.empty()));
            }
            return new DoorVerifier(this, all, states);
        }

        /** A pad's services must be values the door's restriction allows. */
        private void checkServices(DoorPad doorPad) {
            if (doorPad.services().isEmpty()) {
                return;
            }
            if (restrictedDigit < 0) {
                throw new IllegalArgumentException("pad " + doorPad.label()
                        + ": services need a restricted command digit (restrictCommandDigit)");
            }
            for (int service : doorPad.services()) {
                if (Arrays.binarySearch(allowedValues, service) < 0) {
                    throw new IllegalArgumentException("pad " + doorPad.label() + ": service " + service
                            + " is not one the door allows " + Arrays.toString(allowedValues));
                }
            }
        }
    }
}
