package dev.portknock.runtime;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, per door, knocks of one kind the server reports as one log line per door and period
 * instead of one per knock: those refused because they asked for a service the door does not
 * offer, and those dropped because the verification queue was full. Under a flood of garbage
 * knocks nearly every completed knock is one of them; a line each would flood the log, and a
 * syslog daemon's rate limit would then drop the lines that matter.
 * Thread-safe: workers count while the timer drains.
 */
final class RefusalTally {
    private final Map<String, LongAdder> refused = new LinkedHashMap<>();

    RefusalTally(Collection<String> doors) {
        for (String door : doors) {
            refused.put(door, new LongAdder());
        }
    }

    /** One more knock on a door the tally was made for. */
    void count(String door) {
        refused.get(door).increment();
    }

    /** The knocks per door since the last drain, only doors with any, in door order; the counts start again. */
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
