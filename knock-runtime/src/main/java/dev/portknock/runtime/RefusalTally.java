package dev.portknock.runtime;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts, per door and kind, the knocks refused (every kind a flood can repeat at will), so that the
 * server logs each kind as a few lines per period instead of one line per knock. Under a flood of
 * garbage knocks nearly every completed knock is such a refusal; a line each would flood the log,
 * and a syslog daemon's rate limit would then drop the lines that matter. The first few of a
 * kind in a period may be logged one by one ({@link Kind#shownPerPeriod}); the rest are reported
 * as a count when the period is drained. Thread-safe: workers count while the timer drains.
 */
final class RefusalTally {
    /** The kinds of refusal counted, each with how many per period are worth a line of their own. */
    enum Kind {
        /** The knock asked for a service the door does not offer: what garbage comes to; never shown one by one. */
        SERVICE_NOT_OFFERED(0, "they asked for a service the door does not offer"),
        /** The knock's tags were right for a consumed block: a replay, or a client that reused its state. */
        BEHIND_CURSOR(5, "they lay behind the cursor (replays, or clients that reused their state)"),
        /** The knock's tags were right for a block past the window: a drifted client. */
        BEYOND_WINDOW(5, "they lay beyond the window (drifted clients; a second knock from each resynchronises)"),
        /** The knock's tags or digits were wrong for the block of the window it named: forged or garbage. */
        FAILED(5, "their tags or digits were wrong (forged, altered or garbage knocks)"),
        /** No pad's region held a block the knock verified for: garbage, or a knock far too old or ahead. */
        NO_CANDIDATE(5, "no pad holds a block they verify for (garbage, or knocks far too old or too far ahead)"),
        /** The knock's tags were right for a pad its door no longer serves: its holder was revoked. */
        REVOKED(5, "their pads were revoked"),
        /** The knock's source prefix had failed too often this interval. */
        THROTTLED(5, "their source prefix had failed too often and was throttled"),
        /** The knock found the verification queue full and was dropped unverified; never shown one by one. */
        QUEUE_FULL(0, "they were dropped unverified: the verification queue was full");

        private final int shownPerPeriod;
        private final String why;

        Kind(int shownPerPeriod, String why) {
            this.shownPerPeriod = shownPerPeriod;
            this.why = why;
        }

        /** How many refusals of this kind per door and period get a line of their own. */
        int shownPerPeriod() {
            return shownPerPeriod;
        }

        /** Why such knocks were refused, for the period's summary line. */
        String why() {
            return why;
        }
    }

    /** What a drain reports for one door and kind: the refusals of the period and how many were shown. */
    record Count(long refused, long shown) {
        /** The refusals that got no line of their own. */
        long unshown() {
            return refused - shown;
        }
    }

    /** Replaced whole, never changed: workers read it without a lock. */
    private volatile Map<String, Map<Kind, AtomicLong>> refused = Map.of();

    RefusalTally(Collection<String> doors) {
        track(doors);
    }

    /**
     * Counts for these doors from now on (the server's doors were replaced): a door that stays
     * keeps its counts, a removed door's counts are dropped, so drain before.
     */
    void track(Collection<String> doors) {
        Map<String, Map<Kind, AtomicLong>> previous = refused;
        Map<String, Map<Kind, AtomicLong>> next = new LinkedHashMap<>();
        for (String door : doors) {
            Map<Kind, AtomicLong> kinds = previous.get(door);
            if (kinds == null) {
                kinds = new EnumMap<>(Kind.class);
                for (Kind kind : Kind.values()) {
                    kinds.put(kind, new AtomicLong());
                }
            }
            next.put(door, kinds);
        }
        refused = next;
    }

    /**
     * One more refusal of a kind on a door; a door no longer tracked (a knock in flight while it
     * was removed) is not counted.
     *
     * @return whether it is among the first {@link Kind#shownPerPeriod} of the period: log it
     */
    boolean count(String door, Kind kind) {
        Map<Kind, AtomicLong> kinds = refused.get(door);
        return kinds != null && kinds.get(kind).incrementAndGet() <= kind.shownPerPeriod();
    }

    /**
     * The refusals per door and kind since the last drain, only those with any, in door and kind
     * order; the counts start again.
     */
    Map<String, Map<Kind, Count>> drain() {
        Map<String, Map<Kind, Count>> counted = new LinkedHashMap<>();
        refused.forEach((door, kinds) -> kinds.forEach((kind, adder) -> {
            long n = adder.getAndSet(0);
            if (n > 0) {
                counted.computeIfAbsent(door, d -> new EnumMap<>(Kind.class))
                        .put(kind, new Count(n, Math.min(n, kind.shownPerPeriod())));
            }
        }));
        return counted;
    }
}
