package dev.portknock.examples.config;

import java.util.Objects;

/**
 * A configuration file that cannot be used, with the place and the problem:
 * {@code knockd.conf:12: unknown key 'Sequense' in [openSSH]}.
 *
 * <p>Checked on purpose: a broken configuration is an expected outcome of reading outside input,
 * and the caller (the command line) must turn it into a message and an exit status rather than a
 * stack trace. Callers that find a problem later (a missing pad file, say) can raise one at a
 * door's {@link DoorConfig#location()} so the operator still gets the file and line.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The place of the problem. */
    private final Location location;
    /** The problem, without the place. */
    private final String problem;

    /**
     * A problem at a place.
     *
     * @param location where the problem is
     * @param problem what is wrong, lowercase, without the place
     */
    public ConfigException(Location location, String problem) {
        super(Objects.requireNonNull(location, "location") + ": " + Objects.requireNonNull(problem, "problem"));
        this.location = location;
        this.problem = problem;
    }

    /** Where the problem is. */
    public Location location() {
        return location;
    }

    /** What is wrong, without the place. */
    public String problem() {
        return problem;
    }
}
