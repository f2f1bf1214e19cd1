package dev.portknock.examples.cli;

import dev.portknock.pad.PadGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The checks before a pad file is written: one of more than 1 GiB needs {@code --force} (millions
 * of knocks; a typo once wrote 33 GB), and one the file system cannot hold is refused, before a
 * byte is written.
 */
final class PadRoom {
    /** Pads larger than this need --force. */
    static final long FORCE_THRESHOLD_BYTES = 1L << 30;

    private PadRoom() {
    }

    /**
     * Refuses a pad of {@code digits} digits of {@code bits} bits at {@code out}: bad usage above the
     * threshold without {@code force} (naming {@code sizeOptions}, the options that set the size),
     * a failure when its directory's file system has too little room.
     */
    static void check(Path out, int bits, long digits, boolean force, String sizeOptions,
            Function<String, RuntimeException> usage) throws IOException {
        long fileBytes;
        try {
            fileBytes = PadGenerator.fileLength(bits, digits);
        } catch (IllegalArgumentException e) {
            throw usage.apply(e.getMessage());
        }
        if (fileBytes > FORCE_THRESHOLD_BYTES && !force) {
            throw usage.apply("the pad file would be " + fileBytes + " bytes, more than 1 GiB: check " + sizeOptions
                    + ", and add --force to write it");
        }
        Path directory = out.toAbsolutePath().getParent();
        long usable = Files.getFileStore(directory).getUsableSpace();
        if (fileBytes > usable) {
            throw new CommandFailure("not enough space for " + out + ": the pad file needs " + fileBytes + " bytes, "
                    + directory + " has " + usable + " bytes usable");
        }
    }
}
