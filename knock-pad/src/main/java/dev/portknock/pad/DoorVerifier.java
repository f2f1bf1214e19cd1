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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
 * second) further attempts on that pad are dropped for the rest of the interval. Verification is
 * serialized per pad and runs in parallel across pads.
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

    private final Profile profile;
    private final PadStateStore store;
    private final Clock clock;
    private final int failureLimit;
    private final Duration failureInterval;
    private final long lowWater;
    private final SealedScheme sealed;
    private final RawScheme raw;
    private final List<PadEntry> entries;
    private final List<Set<Slot>> index;
    private final AtomicInteger livePads = new AtomicInteger();

    /** A block of a pad filed under the digit a knock for it starts with. */
    private record Slot(PadEntry entry, long knockIndex) {
    }

    /** One pad with its cached state, lock, throttle and indexed window. */
    private static final class PadEntry {
        final Pad pad;
        final long knocks;
        final ReentrantLock lock = new ReentrantLock();
        volatile PadState state;
        long indexedFrom;
        long indexedTo;
        Instant throttleStart = Instant.MIN;
        int throttleCount;

        PadEntry(Pad pad, long knocks, PadState state) {
            this.pad = pad;
            this.knocks = knocks;
            this.state = state;
        }

        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private DoorVerifier(Builder builder, List<PadEntry> entries) {
        this.profile = builder.profile;
        this.store = builder.store;
        this.clock = builder.clock;
        this.failureLimit = builder.failureLimit;
        this.failureInterval = builder.failureInterval;
        this.lowWater = builder.lowWater;
        this.sealed = profile.scheme() == Scheme.SEALED ? new SealedScheme(profile) : null;
        this.raw = profile.scheme() == Scheme.RAW ? new RawScheme(profile) : null;
        this.entries = List.copyOf(entries);
        List<Set<Slot>> buckets = new ArrayList<>(profile.radix());
        for (int d = 0; d < profile.radix(); d++) {
            buckets.add(ConcurrentHashMap.newKeySet());
        }
        this.index = List.copyOf(buckets);
        for (PadEntry entry : this.entries) {
            entry.lock.lock();
            try {
                if (entry.state.cursor() < entry.knocks) {
                    livePads.incrementAndGet();
                }
                reindex(entry, entry.state.cursor());
            } finally {
                entry.lock.unlock();
            }
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
        Map<PadEntry, Boolean> candidates = new LinkedHashMap<>();
        for (Slot slot : index.get(knock[0])) {
            candidates.put(slot.entry(), Boolean.TRUE);
        }
        if (candidates.isEmpty()) {
            if (livePads.get() == 0) {
                PadId id = entries.get(0).pad.id();
                LOG.warn("door pads exhausted: knock from {} refused, pad {}", source.getHostAddress(), id);
                return new Verification.Exhausted(id);
            }
            LOG.info("knock from {} rejected: no candidate pad", source.getHostAddress());
            return new Verification.Rejected(Verification.Reason.NO_CANDIDATE);
        }
        // First look for the pad the knock belongs to; only a knock that no candidate accepts is a
        // failure. Counting failures against candidates a valid knock merely passed by would
        // throttle innocent pads whenever many pads share a hint (every fresh pad starts at 0).
        List<PadEntry> tried = new ArrayList<>(candidates.size());
        PadEntry throttled = null;
        for (PadEntry entry : candidates.keySet()) {
            entry.lock.lock();
            try {
                if (isThrottled(entry)) {
                    if (throttled == null) {
                        throttled = entry;
                        LOG.info("knock from {} dropped: pad {} is throttled", source.getHostAddress(), entry.pad.id());
                    }
                    continue;
                }
                Optional<Verification.Accepted> accepted = tryAccept(entry, knock, source);
                if (accepted.isPresent()) {
                    return accepted.get();
                }
                if (!candidateIndices(entry, entry.state.cursor(), knock[0]).isEmpty()) {
                    tried.add(entry);
                }
            } finally {
                entry.lock.unlock();
            }
        }
        for (PadEntry entry : tried) {
            entry.lock.lock();
            try {
                countFailure(entry, source);
            } finally {
                entry.lock.unlock();
            }
        }
        if (!tried.isEmpty()) {
            return new Verification.Rejected(sealed != null ? Verification.Reason.BAD_TAGS : Verification.Reason.BAD_DIGITS);
        }
        if (throttled != null) {
            return new Verification.Throttled(throttled.pad.id());
        }
        LOG.info("knock from {} rejected: no candidate pad", source.getHostAddress());
        return new Verification.Rejected(Verification.Reason.NO_CANDIDATE);
    }

    /**
     * Whether some pad's window holds a block a knock starting with this digit could be (sealed:
     * the hint; raw: the block's first digit). One index lookup, for the sequence matcher's gating.
     */
    public boolean opensWith(int firstDigit) {
        return firstDigit >= 0 && firstDigit < profile.radix() && !index.get(firstDigit).isEmpty();
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
                adopt(entry, store.read(entry.pad.id(), Side.SERVER));
            } finally {
                entry.lock.unlock();
            }
        }
    }

    /** Under the entry's lock: verify against the window at the current cursor and consume on success. */
    private Optional<Verification.Accepted> tryAccept(PadEntry entry, int[] knock, InetAddress source) throws IOException {
        while (true) {
            PadState state = entry.state;
            boolean retry = false;
            for (long j : candidateIndices(entry, state.cursor(), knock[0])) {
                int[] block = entry.pad.block(j, profile.blockDigits());
                try {
                    if (!matches(block, knock, source)) {
                        continue;
                    }
                    int[] command = sealed != null ? sealed.decodeCommand(block, knock) : raw.decodeCommand(knock);
                    PadState updated = state.advancedTo(j + 1, clock.instant());
                    if (store.compareAndSet(state, updated)) {
                        adopt(entry, updated);
                        long left = entry.knocks - j - 1;
                        boolean low = left < lowWater;
                        LOG.info("pad {} accepted knock {} from {}; {} knocks left", entry.pad.id(), j,
                                source.getHostAddress(), left);
                        if (low) {
                            LOG.warn("pad {} is running low: {} knocks left", entry.pad.id(), left);
                        }
                        return Optional.of(new Verification.Accepted(entry.pad.id(), j, command, left, low));
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
                return Optional.empty();
            }
        }
    }

    /** Under the entry's lock, after no candidate accepted a knock: one failure against this pad. */
    private void countFailure(PadEntry entry, InetAddress source) throws IOException {
        Instant now = clock.instant();
        if (!now.isBefore(entry.throttleStart.plus(failureInterval))) {
            entry.throttleStart = now;
            entry.throttleCount = 0;
        }
        entry.throttleCount++;
        PadState counted = store.recordFailure(entry.pad.id(), Side.SERVER, now);
        adopt(entry, counted);
        LOG.debug("pad {} rejected knock from {} at cursor {} ({} failures in this interval)", entry.pad.id(),
                source.getHostAddress(), counted.cursor(), entry.throttleCount);
        if (entry.throttleCount == failureLimit) {
            LOG.warn("pad {} throttled until {}: {} failures", entry.pad.id(),
                    entry.throttleStart.plus(failureInterval), failureLimit);
        }
    }

    private boolean isThrottled(PadEntry entry) {
        return entry.throttleCount >= failureLimit && clock.instant().isBefore(entry.throttleStart.plus(failureInterval));
    }

    /** The blocks inside the window at {@code cursor} that a knock starting with {@code first} could be. */
    private List<Long> candidateIndices(PadEntry entry, long cursor, int first) {
        long end = Math.min(cursor + profile.window(), entry.knocks);
        if (sealed != null) {
            long j = sealed.candidateIndex(cursor, first);
            return j < end ? List.of(j) : List.of();
        }
        List<Long> indices = new ArrayList<>(1);
        for (long j = cursor; j < end; j++) {
            if (entry.pad.digit(j * profile.blockDigits()) == first) {
                indices.add(j);
            }
        }
        return indices;
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

    /** Under the entry's lock: file the blocks of the window at {@code cursor}, drop the ones behind it. */
    private void reindex(PadEntry entry, long cursor) {
        long from = Math.min(cursor, entry.knocks);
        long to = Math.min(cursor + profile.window(), entry.knocks);
        for (long j = entry.indexedFrom; j < Math.min(entry.indexedTo, from); j++) {
            index.get(keyOf(entry, j)).remove(new Slot(entry, j));
        }
        for (long j = Math.max(entry.indexedTo, from); j < to; j++) {
            index.get(keyOf(entry, j)).add(new Slot(entry, j));
        }
        entry.indexedFrom = from;
        entry.indexedTo = Math.max(to, from);
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
         * The verifier, with every pad's server state read from the store.
         *
         * @throws IllegalStateException when no pads were given
         * @throws IllegalArgumentException when a pad does not fit the profile or is given twice
         * @throws IOException when a state cannot be read (broken, foreign)
         */
        public DoorVerifier build() throws IOException {
            if (pads.isEmpty()) {
                throw new IllegalStateException("no pads were given");
            }
            Set<PadId> seen = new HashSet<>();
            List<PadEntry> entries = new ArrayList<>(pads.size());
            for (Pad pad : pads) {
                checkPadFits(profile, pad);
                if (!seen.add(pad.id())) {
                    throw new IllegalArgumentException("pad " + pad.id() + " is given twice");
                }
                entries.add(new PadEntry(pad, pad.knocks(profile), store.read(pad.id(), Side.SERVER)));
            }
            return new DoorVerifier(this, entries);
        }
    }
}
