package dev.portknock.runtime;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, per door, the knocks refused because they asked for a service the door does not offer,
 * so that the server reports them as one log line per door and period instead of one per knock.
 * Under a flood of garbage knocks nearly every completed knock is such a refusal; a line each
 * would flood the log, and a syslog daemon's rate limit would then drop the lines that matter.
 * Thread-safe: workers count while the timer drains.
 */
final class RefusalTally {
    /** Replaced whole, never changed: workers read it without a lock. */
    private volatile Map<String, LongAdder> refused = Map.of();

    RefusalTally(Collection<String> doors) {
        track(doors);
    }

    /**
     * Counts for these doors from now on (the server's doors were replaced): a door that stays
     * keeps its count, a removed door's count is dropped, so drain before.
     */
    void track(Collection<String> doors) {
        Map<String, LongAdder> previous = refused;
        Map<String, LongAdder> next = new LinkedHashMap<>();
        for (String door : doors) {
            next.put(door, previous.getOrDefault(door, new LongAdder()));
        }
        refused = next;
    }

    /** One more refusal on a door; a door no longer tracked (a knock in flight while it was removed) is not counted. */
    void count(String door) {
        LongAdder adder = refused.get(door);
        if (adder != null) {
            adder.increment();
        }
    }

    /** The refusals per door since the last drain, only doors with any, in door order; the counts start again. */
    Map<String, Long> drain() {
        Map<String, Long> counted = new LinkedHashMap<>();
        refused.forEach((door, adder) -> {
            long n = adder.sumThenReset();
            if (n > 0) {
                counted.put(door, n);
            }
        });
        return counted;
    }
}
