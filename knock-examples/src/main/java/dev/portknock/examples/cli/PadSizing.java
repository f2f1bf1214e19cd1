package dev.portknock.examples.cli;

import dev.portknock.core.Profile;
import dev.portknock.core.Scheme;
import java.util.Locale;

/**
 * How many pad digits one knock uses: the block of a raw ({@code A}) or sealed ({@code M + 2A})
 * knock. Only the block size matters here, so the profile behind it has a placeholder base and
 * window and is not checked for strength (the door's own profile is, where it is used).
 *
 * @param scheme raw or sealed
 * @param digitBits k
 * @param commandDigits M
 * @param tagDigits A
 */
record PadSizing(Scheme scheme, int digitBits, int commandDigits, int tagDigits) {
    /** Validates the sizing through a profile; messages are the profile's. */
    PadSizing {
        profile(scheme, digitBits, commandDigits, tagDigits);
    }

    /** The placeholder profile whose block size this is. */
    Profile profile() {
        return profile(scheme, digitBits, commandDigits, tagDigits);
    }

    private static Profile profile(Scheme scheme, int digitBits, int commandDigits, int tagDigits) {
        return Profile.builder().scheme(scheme).base(1).digitBits(digitBits).commandDigits(commandDigits)
                .tagDigits(tagDigits).window(1).acceptWeakness().build();
    }

    /** Digits per knock. */
    int blockDigits() {
        return profile().blockDigits();
    }

    /** {@code sealed knocks of 3 command and 4 tag digits}. */
    String describe() {
        return String.format(Locale.ROOT, "%s knocks of %d command and %d tag digits", scheme.keyword(),
                commandDigits, tagDigits);
    }
}
