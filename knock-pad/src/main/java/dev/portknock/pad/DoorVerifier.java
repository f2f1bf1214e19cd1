package dev.portknock.pad;

import dev.portknock.core.OneTimeScheme;
import dev.portknock.core.Profile;
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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
    private static final Verification.Rejected NO_CANDIDATE = new Verification.Rejected(Verification.Reason.NO_CANDIDATE);
    private static final Verification.Rejected BAD_TAGS = new Verification.Rejected(Verification.Reason.BAD_TAGS);
    private static final Verification.Rejected BAD_DIGITS = new Verification.Rejected(Verification.Reason.BAD_DIGITS);
    static final Verification.Rejected COMMAND_NOT_ALLOWED =
            new Verification.Rejected(Verification.Reason.COMMAND_NOT_ALLOWED);
    static final Verification.Rejected BEHIND_CURSOR = new Verification.Rejected(Verification.Reason.BEHIND_CURSOR);
    static final Verification.Rejected BEYOND_WINDOW = new Verification.Rejected(Verification.Reason.BEYOND_WINDOW);
    private static final Verification.Throttled THROTTLED = new Verification.Throttled();
    /** Source prefixes the throttle tracks at most. */
    private static final int THROTTLE_CAPACITY = 65_536;
    /** First knocks of a resync held per pad at most (each needed right tags, so a few suffice). */
    private static final int PENDING_RESYNCS_PER_PAD = 64;

    private final Profile profile;
    private final OneTimeScheme scheme;
    private final Clock clock;
    private final int failureLimit;
    private final Duration failureInterval;
    private final SourceThrottle throttle;
    private final WindowIndex index;
    private final PadBook book;
    private final FailureSaves failureSaves;
    private final RegionCheck check;

    private DoorVerifier(Builder builder, List<PadEntry> entries) {
        this.profile = builder.profile;
        this.scheme = builder.scheme;
        this.clock = builder.clock;
        this.failureLimit = builder.failureLimit;
        this.failureInterval = builder.failureInterval;
        this.throttle = new SourceThrottle(builder.failureLimit, builder.failureInterval, THROTTLE_CAPACITY);
        PadRegion region = new PadRegion(scheme, builder.horizon());
        this.index = new WindowIndex(region, entries);
        this.book = new PadBook(entries, builder.store, index, builder.lowWater);
        this.failureSaves = new FailureSaves(builder.store, builder.failureInterval, book);
        // a raw knock has no tags: what failed is its digits
        Verification.Rejected failure = switch (profile.scheme()) {
            case SEALED -> BAD_TAGS;
            case RAW -> BAD_DIGITS;
        };
        this.check = new RegionCheck(region, builder.restriction, book, clock, builder.resyncTimeout, failure);
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
        return index.mostServedPerBucket();
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
        checkDigits(knock, source);
        // 1. the window index: the pads whose region may hold the block the knock's hint names
        PadEntry[] candidates = index.bucket(knock[0]);
        long hint = scheme.hintIn(knock);
        if (!index.anyMayName(candidates, hint)) {
            return book.exhausted() ? book.exhaustedFor(source) : rejectedWithoutCandidate(source);
        }
        // 2. the throttle: a place against the source prefix's limit, held until the knock's fate is known
        Instant now = clock.instant();
        if (!throttle.admit(source, now)) {
            // per knock, so debug: the caller logs the outcome, and the prefix's warning marks the interval once
            if (LOG.isDebugEnabled()) {
                LOG.debug("knock from {} dropped: its source prefix is throttled", source.getHostAddress());
            }
            return THROTTLED;
        }
        // 3. each candidate pad's region under its lock (command restriction, tags, consume); only a
        // knock that no candidate accepts or places is a failure, charged to the first pad whose
        // window block it failed on
        PadEntry chargedTo = null;
        Verification placed = null;
        boolean commandRefused = false;
        boolean failed = false;
        try {
            for (RegionCheck.Pass pass : check.passes()) {
                for (PadEntry entry : candidates) {
                    if (!index.mayName(entry, hint)) {
                        continue;
                    }
                    Verification outcome = check.check(entry, knock, hint, source, pass);
                    if (outcome instanceof Verification.Accepted || outcome instanceof Verification.Revoked) {
                        return outcome;
                    }
                    if (outcome == BEHIND_CURSOR || outcome == BEYOND_WINDOW) {
                        placed = placed == null ? outcome : placed;
                    } else if (outcome == COMMAND_NOT_ALLOWED) {
                        commandRefused = true;
                    } else if (outcome == check.failure() && chargedTo == null) {
                        chargedTo = entry;
                    }
                }
            }
            if (placed != null) {
                return placed;
            }
            if (chargedTo != null) {
                // 4. the failure, in one pad's batched statistic
                failed = true;
                failureSaves.count(chargedTo, source, now);
                return check.failure();
            }
        } finally {
            releaseThrottle(source, failed, now);
        }
        if (commandRefused) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("knock from {} rejected: command not allowed", source.getHostAddress());
            }
            return COMMAND_NOT_ALLOWED;
        }
        return rejectedWithoutCandidate(source);
    }

    private void checkDigits(int[] knock, InetAddress source) {
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
    }

    /** Ends the knock's hold on its source prefix's limit; a failure may throttle the prefix. */
    private void releaseThrottle(InetAddress source, boolean failed, Instant now) {
        // debug: a flood from many sources trips many prefixes each interval; the server
        // reports the knocks it then drops, a few lines and a count per period
        if (throttle.release(source, failed, now) && LOG.isDebugEnabled()) {
            LOG.debug("knocks from the source prefix of {} dropped for {}: {} failed in that time",
                    source.getHostAddress(), failureInterval, failureLimit);
        }
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
        return index.opensWith(firstDigit);
    }

    /** Every served pad's id, server cursor and knocks, in the order the pads were given (revoked pads are not). */
    public List<PadStatus> pads() {
        return book.served();
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
        return book.asRevoked();
    }

    /**
     * Re-reads every pad's state from the store (after another gateway sharing it moved cursors),
     * one pad at a time under that pad's lock: one store read per pad. A state whose cursor is
     * behind the one already seen is refused (logged at error, once until it changes), never adopted.
     *
     * @throws IOException when a state cannot be read
     */
    public void refresh() throws IOException {
        for (PadEntry entry : book.entries()) {
            if (entry.revoked) {
                continue; // its region stays where it was revoked; its state may be gone from the store
            }
            entry.lock.lock();
            try {
                book.adoptIfNotBehind(entry, failureSaves.readSaving(entry, clock.instant()));
            } finally {
                entry.lock.unlock();
            }
        }
    }

    /**
     * Finishes, off the knocks' path, what the knocks accepted since the last call left to do.
     * Call it once an accepted knock was acted on (a server: after handing its launch over); a
     * verifier that is never settled works as well, each of its updates taking the usual path.
     *
     * <ul>
     *   <li>For each pad that accepted a knock: its next cursor update is prepared in the store
     *       ({@link PadStateStore#prepare}; the file store writes and flushes it ahead). The pad's
     *       next knock, when it is the next block and no failures wait to be saved, stores that
     *       prepared update before it is acted on: its cursor, durable as ever, with a shorter
     *       wait (the file store's rename and directory flush only).</li>
     *   <li>Such an update leaves the pad's time of last use ({@link PadState#lastUse()}) as it
     *       was, since the knock's time could not be known ahead: the next call stores it. Should
     *       the server stop or fail before that, the time of use stored stays the earlier one;
     *       the cursor is never behind.</li>
     * </ul>
     *
     * @throws IOException when the store fails (the pad is left without a prepared update, and its
     *     time of use unsaved until its next knock; the pads not reached yet wait for the next call)
     */
    public void settle() throws IOException {
        book.settle();
    }

    /**
     * Adds every pad's failures counted since they were last saved to the store. A server calls
     * this when it stops, so that the statistic loses nothing; it is also done on the way by
     * accepted knocks, {@link #refresh()}, and at most once per failure interval per pad.
     *
     * @throws IOException when the store cannot be written (the counts are kept for a later save)
     */
    public void saveFailures() throws IOException {
        failureSaves.saveAll(book.entries(), clock.instant());
    }

    /**
     * Builds a {@link DoorVerifier}. Each option may be set once ({@link IllegalStateException}
     * otherwise); bad values are {@link IllegalArgumentException}s.
     */
    public static final class Builder {
        private final BuilderOptions options = new BuilderOptions();
        private final Profile profile;
        private final OneTimeScheme scheme;
        private final PadStateStore store;
        private List<DoorPad> pads = List.of();
        private List<RevokedPad> revokedPads = List.of();
        private Clock clock = Clock.systemUTC();
        private int failureLimit = 8;
        private Duration failureInterval = Duration.ofSeconds(1);
        private long lowWater = 100;
        private CommandRestriction restriction = CommandRestriction.NONE;
        private long resyncHorizon = -1;
        private Duration resyncTimeout = Duration.ofMinutes(5);

        private Builder(Profile profile, PadStateStore store) {
            this.profile = Objects.requireNonNull(profile, "profile");
            this.scheme = OneTimeScheme.of(profile);
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
            CommandRestriction value = CommandRestriction.of(profile, position, values);
            restriction = options.once("command restriction", value);
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
            List<PadEntry> entries = new ArrayList<>(pads.size() + revokedPads.size());
            for (DoorPad doorPad : pads) {
                Pad pad = doorPad.pad();
                pad.requireFits(profile);
                if (!seen.add(pad.id())) {
                    throw new IllegalArgumentException("pad " + pad.id() + " is given twice");
                }
                if (!labels.add(doorPad.label())) {
                    throw new IllegalArgumentException("label " + doorPad.label() + " is given to two pads");
                }
                int[] allowed = restriction.allowedFor(doorPad.label(), doorPad.services());
                PadState state = store.stored(pad.id(), Side.SERVER)
                        .orElseThrow(() -> MissingStateException.forPad(pad.id(), Side.SERVER));
                entries.add(new PadEntry(entries.size(), pad, state, doorPad.label(), false, allowed,
                        profile.blockDigits(), pad.id().hintOffset(profile), PENDING_RESYNCS_PER_PAD));
            }
            for (RevokedPad revoked : revokedPads) {
                Pad pad = revoked.pad();
                pad.requireFits(profile);
                if (!seen.add(pad.id())) {
                    throw new IllegalArgumentException("pad " + pad.id() + " is given twice (served or revoked)");
                }
                PadState state = new PadState(pad.id(), Side.SERVER, revoked.cursor(), 0, Optional.empty());
                entries.add(new PadEntry(entries.size(), pad, state, revoked.label(), true,
                        restriction.allowedFor(revoked.label(), List.of()), profile.blockDigits(),
                        pad.id().hintOffset(profile), PENDING_RESYNCS_PER_PAD));
            }
            return new DoorVerifier(this, entries);
        }
    }
}
