package dev.portknock.runtime;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts, per door and kind, the knocks refused in a way a flood can repeat at will, so that the
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
        /** The knock's source prefix had failed too often this interval. */
        THROTTLED(5, "their source prefix had failed too often and was throttled");

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

    private final Map<String, Map<Kind, AtomicLong>> refused = new LinkedHashMap<>();

    RefusalTally(Collection<String> doors) {
        for (String door : doors) {
            Map<Kind, AtomicLong> kinds = new EnumMap<>(Kind.class);
            for (Kind kind : Kind.values()) {
                kinds.put(kind, new AtomicLong());
            }
            refused.put(door, kinds);
        }
    }

    /**
     * One more refusal of a kind on a door the tally was made for.
     *
     * @return whether it is among the first {@link Kind#shownPerPeriod} of the period: log it
     */
    boolean count(String door, Kind kind) {
        return refused.get(door).get(kind).incrementAndGet() <= kind.shownPerPeriod();
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
