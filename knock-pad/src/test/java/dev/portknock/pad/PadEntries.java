package dev.portknock.pad;

import dev.portknock.core.Profile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Pad entries as a verifier holds them, for the tests of its parts. */
final class PadEntries {
    private PadEntries() {
    }

    /** A served entry of a seeded pad of {@code knocks} knocks, its server cursor at {@code cursor}. */
    static PadEntry served(Path directory, String seed, Profile profile, long knocks, int ordinal, long cursor)
            throws IOException {
        return entry(directory, seed, profile, knocks, ordinal, cursor, false);
    }

    /** A revoked entry, as {@link #served} otherwise. */
    static PadEntry revoked(Path directory, String seed, Profile profile, long knocks, int ordinal, long cursor)
            throws IOException {
        return entry(directory, seed, profile, knocks, ordinal, cursor, true);
    }

    private static PadEntry entry(Path directory, String seed, Profile profile, long knocks, int ordinal, long cursor,
                                  boolean revoked) throws IOException {
        Pad pad = TestPads.fromSeed(directory, seed, profile.digitBits(), (int) (knocks * profile.blockDigits()));
        PadState state = new PadState(pad.id(), Side.SERVER, cursor, 0, Optional.empty());
        return new PadEntry(ordinal, pad, state, seed, revoked, new int[0], profile.blockDigits(),
                pad.id().hintOffset(profile), 4);
    }
}
