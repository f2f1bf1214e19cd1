package dev.portknock.pad;

import dev.portknock.core.Profile;
import dev.portknock.core.Scheme;
import dev.portknock.core.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a knockd {@code one_time_sequences} file for a raw door (PROTOCOL.md §3.2): one line per
 * unused block from the cursor on, {@code " p1,p2,...,pA"} with a leading space and, for UDP
 * doors, {@code :udp} after each port. The file holds pad material: it is created readable by its
 * owner only and replaced atomically.
 */
public final class KnockdExport {
    private static final Logger LOG = LoggerFactory.getLogger(KnockdExport.class);

    private KnockdExport() {
    }

    /**
     * Writes (or atomically replaces) the sequences file.
     *
     * @param target the file knockd reads
     * @param profile a raw profile without command digits
     * @param pad the door's pad
     * @param cursor the server cursor: the first block to export
     * @return the number of sequences written
     * @throws IllegalArgumentException for a sealed profile, command digits, a pad that does not
     *     fit, or a negative cursor
     * @throws IOException when the file cannot be written
     */
    public static long write(Path target, Profile profile, Pad pad, long cursor) throws IOException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(pad, "pad");
        if (profile.scheme() != Scheme.RAW || profile.commandDigits() != 0) {
            throw new IllegalArgumentException("knockd one-time sequences need a raw profile without command digits");
        }
        if (cursor < 0) {
            throw new IllegalArgumentException("cursor must not be negative: " + cursor);
        }
        pad.requireFits(profile);
        long knocks = pad.knocks(profile);
        String suffix = profile.transport() == Transport.UDP ? ":udp" : "";
        int a = profile.tagDigits();
        AtomicFiles.replace(target, channel -> {
            StringBuilder line = new StringBuilder();
            int[] block = new int[a];
            // buffered, and flushed but not closed: the caller still forces the channel
            java.io.OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16);
            try {
                for (long j = cursor; j < knocks; j++) {
                    pad.copyDigits(j * a, block, 0, a);
                    line.setLength(0);
                    line.append(' ');
                    for (int i = 0; i < a; i++) {
                        line.append(i == 0 ? "" : ",").append(profile.portOf(block[i])).append(suffix);
                    }
                    line.append('\n');
                    out.write(line.toString().getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } finally {
                java.util.Arrays.fill(block, 0);
            }
        });
        long written = Math.max(0, knocks - cursor);
        LOG.info("pad {}: wrote {} knockd one-time sequences from block {} to {}", pad.id(), written, cursor, target);
        return written;
    }
}
