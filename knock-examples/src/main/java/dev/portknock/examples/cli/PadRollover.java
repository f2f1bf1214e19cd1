package dev.portknock.examples.cli;

import dev.portknock.examples.config.PadDoorConfig;
import dev.portknock.pad.PadStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Several pads of one host in order of use (a pad nearing its end and its replacement, served side
 * by side by the door): the client knocks with the first that has knocks left, so it moves to the
 * next by itself when the old one is used up, and says so once, on the knock that starts the new
 * pad. It also tells when the knocks left, counting the pads after the one in use, are at or below
 * the low-water mark, so that a new pad is asked for before the last one runs out.
 */
final class PadRollover {
    /** The client's low-water mark unless told: the server's default (a door's {@code low_water}). */
    static final long DEFAULT_LOW_WATER = PadDoorConfig.DEFAULT_LOW_WATER;

    private PadRollover() {
    }

    /**
     * The knock to use and, when it starts a pad after used-up ones, the line that says so.
     *
     * @param knock the first knock with knocks left; the only one when there is one (its exhaustion
     *     is then the client's own error)
     * @param note the line saying which pad was used up and which takes over
     */
    record Choice(NamedHost.OneTimeKnock knock, Optional<String> note) {
    }

    /**
     * Chooses among the knocks in order of use.
     *
     * @throws CommandFailure when every pad of several is used up
     * @throws IOException when a cursor cannot be read
     */
    static Choice choose(List<NamedHost.OneTimeKnock> knocks) throws IOException {
        if (knocks.size() == 1) {
            return new Choice(knocks.get(0), Optional.empty());
        }
        List<NamedHost.OneTimeKnock> usedUp = new ArrayList<>();
        for (NamedHost.OneTimeKnock knock : knocks) {
            PadStatus status = knock.client().status();
            if (!status.exhausted()) {
                Optional<String> note = Optional.empty();
                if (!usedUp.isEmpty() && status.cursor() == 0) {
                    NamedHost.OneTimeKnock old = usedUp.get(usedUp.size() - 1);
                    note = Optional.of("pad " + old.client().status().padId() + " (" + old.file() + ") is used up: "
                            + "moving on to pad " + status.padId() + " (" + knock.file() + ")");
                }
                return new Choice(knock, note);
            }
            usedUp.add(knock);
        }
        throw new CommandFailure("every pad is used up: " + knocks.stream().map(k -> k.file().toString())
                .collect(Collectors.joining(", ")) + "; ask for a new one (knock pad provision)");
    }

    /**
     * The warning after a knock of {@code used}, when the knocks left in it and the pads after it
     * are at or below {@code lowWater}.
     */
    static Optional<String> lowWater(List<NamedHost.OneTimeKnock> knocks, NamedHost.OneTimeKnock used, long lowWater)
            throws IOException {
        PadStatus status = used.client().status();
        long left = status.knocksLeft();
        for (NamedHost.OneTimeKnock later : knocks.subList(knocks.indexOf(used) + 1, knocks.size())) {
            left += later.client().status().knocksLeft();
        }
        if (left > lowWater) {
            return Optional.empty();
        }
        boolean more = knocks.indexOf(used) < knocks.size() - 1;
        return Optional.of("warning: pad " + status.padId() + " runs low: " + left + " knocks left"
                + (more ? " with the pads after it" : "") + ", at or below the low-water mark " + lowWater
                + "; ask for a new pad (knock pad provision)");
    }
}
