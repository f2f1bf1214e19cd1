package dev.portknock.examples.crash;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one run of {@code knock server} logged to standard error (the command line's log lines:
 * time, level, logger, message), read as the outside world sees it: the door's verdicts on knocks.
 *
 * @param verdicts every "knock from ... accepted/rejected/held/throttled/refused" line of the door, in order
 * @param errors every ERROR line
 */
record ServerLog(List<Verdict> verdicts, List<String> errors) {
    /**
     * A whole verdict line: a line cut short by SIGKILL does not match (a cut "block 12" must not
     * read as 1). With KnockServer at debug each verdict has one line: a refusal among the first few
     * of its kind in a period at info, worded for people (behind the cursor, beyond the window), the
     * others at debug with the reason's name.
     */
    private static final Pattern VERDICT = Pattern.compile("^(\\S+) \\w+ KnockServer - door (\\S+): knock from (\\S+) "
            + "(?:(accepted) for \\S+ \\(pad \\S+, block (\\d+), \\d+ knocks left\\)"
            + "|(rejected): (?:[A-Z_]+|it lies behind the cursor \\(a replay, or a client that reused its state\\))"
            + "|(held): it lies beyond the window \\(a drifted client\\); its next knock resynchronises"
            + "|dropped: its source prefix is (throttled)"
            + "|(refused), pad \\S+ exhausted)$");
    private static final Pattern ERROR = Pattern.compile("^\\S+ ERROR .*$");

    /** The outcome of one completed knock; held: beyond the window, until the client's next knock. */
    enum Outcome { ACCEPTED, REJECTED, HELD, THROTTLED, REFUSED }

    /**
     * One verdict line.
     *
     * @param at the time stamp of the line
     * @param door the door's name
     * @param outcome accepted, rejected, held, throttled or refused
     * @param block the accepted block's index; empty unless accepted
     * @param line the whole line
     */
    record Verdict(Instant at, String door, Outcome outcome, Optional<Long> block, String line) {
    }

    ServerLog {
        verdicts = List.copyOf(verdicts);
        errors = List.copyOf(errors);
    }

    /**
     * Parses standard error. The last line may be cut short by SIGKILL; a cut line that no longer
     * matches is not a verdict (the block it was about is still counted through the state file).
     */
    static ServerLog parse(String stderr) {
        List<Verdict> verdicts = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            Matcher verdict = VERDICT.matcher(line);
            if (verdict.matches()) {
                Outcome outcome = outcome(verdict);
                Optional<Long> block = outcome == Outcome.ACCEPTED ? Optional.of(Long.parseLong(verdict.group(5)))
                        : Optional.empty();
                time(verdict.group(1)).ifPresent(at -> verdicts.add(new Verdict(at, verdict.group(2), outcome, block,
                        line)));
            } else if (ERROR.matcher(line).matches()) {
                errors.add(line);
            }
        }
        return new ServerLog(verdicts, errors);
    }

    private static Outcome outcome(Matcher verdict) {
        for (int group : new int[] {4, 6, 7, 8, 9}) {
            if (verdict.group(group) != null) {
                return Outcome.valueOf(verdict.group(group).toUpperCase(Locale.ROOT));
            }
        }
        throw new IllegalStateException("a verdict line names its outcome: " + verdict.group());
    }

    private static Optional<Instant> time(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The blocks accepted, in log order. */
    List<Long> acceptedBlocks() {
        return verdicts.stream().filter(v -> v.outcome() == Outcome.ACCEPTED).map(v -> v.block().orElseThrow()).toList();
    }

    /** How many verdicts have this outcome. */
    long count(Outcome outcome) {
        return verdicts.stream().filter(v -> v.outcome() == outcome).count();
    }
}
