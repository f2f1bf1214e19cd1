package dev.portknock.pad;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/** A pad or state file that is not what it should be; the message names the file and the problem. */
public final class PadFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The file's path as text (a {@link Path} is not serializable). */
    private final String file;
    /** What is wrong with it. */
    private final String problem;

    /**
     * A problem with a file.
     *
     * @param file the file
     * @param problem what is wrong, lowercase, e.g. {@code bad magic}
     */
    public PadFormatException(Path file, String problem) {
        super(Objects.requireNonNull(file, "file") + ": " + Objects.requireNonNull(problem, "problem"));
        this.file = file.toString();
        this.problem = problem;
    }

    /** The file that is wrong. */
    public Path file() {
        return Path.of(file);
    }

    /** What is wrong with it, without the file name. */
    public String problem() {
        return problem;
    }
}
