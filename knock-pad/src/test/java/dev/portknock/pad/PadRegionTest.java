package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.OneTimeScheme;
import dev.portknock.core.Profile;
import dev.portknock.core.Scheme;
import dev.portknock.core.SealedScheme;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a knock may lie in a pad (PROTOCOL.md §3.4): W = 64, H = 256, so B = 64. */
class PadRegionTest {
    private static final Profile SEALED = Profile.defaults();
    private static final Profile TWO_HINT_DIGITS = Profile.builder().hintDigits(2).build();
    private static final Profile RAW = Profile.builder().scheme(Scheme.RAW).build();

    @TempDir
    Path dir;

    private static PadRegion region(Profile profile) {
        return new PadRegion(OneTimeScheme.of(profile), 256);
    }

    @Test
    void aSealedRegionRunsFromBBehindTheCursorToTheHorizon() throws IOException {
        PadEntry entry = PadEntries.served(dir, "region", SEALED, 1000, 0, 100);
        PadRegion region = region(SEALED);
        assertEquals(36, region.start(entry, 100));
        assertEquals(164, region.windowEnd(entry, 100));
        assertEquals(356, region.end(entry, 100));
    }

    @Test
    void theRegionIsCutAtThePadsStartAndEnd() throws IOException {
        PadEntry entry = PadEntries.served(dir, "ends", SEALED, 1000, 0, 0);
        PadRegion region = region(SEALED);
        assertEquals(0, region.start(entry, 10));
        assertEquals(1000, region.windowEnd(entry, 990));
        assertEquals(1000, region.end(entry, 990));
        assertEquals(1000, region.start(entry, 1100));
    }

    @Test
    void aRawRegionIsItsWindow() throws IOException {
        PadEntry entry = PadEntries.served(dir, "raw", RAW, 1000, 0, 100);
        PadRegion region = region(RAW);
        assertEquals(100, region.start(entry, 100));
        assertEquals(164, region.windowEnd(entry, 100));
        assertEquals(164, region.end(entry, 100));
    }

    @Test
    void aHintNamingABlockOfThePadsRegionPassesTheFilter() throws IOException {
        PadEntry entry = PadEntries.served(dir, "named", TWO_HINT_DIGITS, 1000, 0, 100);
        long hint = new SealedScheme(TWO_HINT_DIGITS).hintOf(entry.hintOffset, 105);
        assertTrue(region(TWO_HINT_DIGITS).mayName(entry, hint));
    }

    @Test
    void aHintNamingNoBlockOfThePadsRegionIsFilteredOut() throws IOException {
        PadEntry entry = PadEntries.served(dir, "unnamed", TWO_HINT_DIGITS, 1000, 0, 100);
        long hint = new SealedScheme(TWO_HINT_DIGITS).hintOf(entry.hintOffset, 600);
        assertFalse(region(TWO_HINT_DIGITS).mayName(entry, hint));
    }

    @Test
    void aRawPadAlwaysPassesTheFilter() throws IOException {
        PadEntry entry = PadEntries.served(dir, "raw-filter", RAW, 1000, 0, 100);
        for (int digit = 0; digit < RAW.radix(); digit += 97) {
            assertTrue(region(RAW).mayName(entry, digit));
        }
    }
}
