package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.core.OneTimeScheme;
import dev.portknock.core.Profile;
import dev.portknock.core.Scheme;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A door's pads by the first digit of the knocks their regions hold. */
class WindowIndexTest {
    private static final Profile SEALED = Profile.defaults();
    private static final Profile RAW = Profile.builder().scheme(Scheme.RAW).build();

    @TempDir
    Path dir;

    private static PadRegion region(Profile profile) {
        return new PadRegion(OneTimeScheme.of(profile), 256);
    }

    private static boolean filed(WindowIndex index, int key, PadEntry entry) {
        return Arrays.asList(index.bucket(key)).contains(entry);
    }

    @Test
    void aPadIsFiledUnderTheKeyOfEveryBlockOfItsRegionAndNoOther() throws IOException {
        PadEntry entry = PadEntries.served(dir, "raw", RAW, 1000, 0, 100);
        PadRegion region = region(RAW);
        WindowIndex index = new WindowIndex(region, List.of(entry));
        boolean[] keys = new boolean[RAW.radix()];
        for (long j = 100; j < 164; j++) {
            keys[region.keyOf(entry, j)] = true;
        }
        for (int key = 0; key < RAW.radix(); key++) {
            assertEquals(keys[key], filed(index, key, entry), "key " + key);
        }
    }

    @Test
    void movingTheCursorFilesTheNewRegionAndDropsTheOld() throws IOException {
        PadEntry entry = PadEntries.served(dir, "move", SEALED, 2000, 0, 0);
        WindowIndex index = new WindowIndex(region(SEALED), List.of(entry));
        assertTrue(index.opensWith(0));
        assertFalse(index.opensWith(1000));
        index.move(entry, 1000);
        // region [936, 1256): hints 936..1255 with one hint digit
        assertFalse(index.opensWith(0));
        assertFalse(index.opensWith(935));
        assertTrue(index.opensWith(936));
        assertTrue(index.opensWith(1255));
        assertFalse(index.opensWith(1256));
    }

    @Test
    void aBucketHoldsItsPadsInTheOrderGiven() throws IOException {
        PadEntry first = PadEntries.served(dir, "first", SEALED, 1000, 0, 0);
        PadEntry second = PadEntries.served(dir, "second", SEALED, 1000, 1, 500);
        WindowIndex index = new WindowIndex(region(SEALED), List.of(first, second));
        index.move(second, 0);
        assertArrayEquals(new PadEntry[] {first, second}, index.bucket(7));
    }

    @Test
    void theFullestBucketCountsServedPadsOnly() throws IOException {
        PadEntry served = PadEntries.served(dir, "served", SEALED, 1000, 0, 0);
        PadEntry revoked = PadEntries.revoked(dir, "revoked", SEALED, 1000, 1, 0);
        assertEquals(1, new WindowIndex(region(SEALED), List.of(served, revoked)).mostServedPerBucket());
    }

    @Test
    void noKnockOpensWithADigitOutOfRange() throws IOException {
        PadEntry entry = PadEntries.served(dir, "range", SEALED, 1000, 0, 0);
        WindowIndex index = new WindowIndex(region(SEALED), List.of(entry));
        assertFalse(index.opensWith(-1));
        assertFalse(index.opensWith(SEALED.radix()));
    }

    @Test
    void anExhaustedPadIsFiledNowhere() throws IOException {
        PadEntry entry = PadEntries.served(dir, "exhausted", SEALED, 100, 0, 100);
        WindowIndex index = new WindowIndex(region(SEALED), List.of(entry));
        // region [36, 100): its blocks behind the cursor only
        assertTrue(index.opensWith(36));
        index.move(entry, 200);
        for (int key = 0; key < SEALED.radix(); key++) {
            assertFalse(index.opensWith(key), "key " + key);
        }
    }
}
