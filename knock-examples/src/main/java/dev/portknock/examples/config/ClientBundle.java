package dev.portknock.examples.config;

import dev.portknock.pad.Pad;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A client bundle as read (PROTOCOL.md §7): its settings and its pad, whose digit bits agree.
 *
 * @param file the bundle file
 * @param settings where and how to knock
 * @param pad the pad, read from inside the bundle file
 */
public record ClientBundle(Path file, BundleSettings settings, Pad pad) {
    /** Validates that the pad fits the settings. */
    public ClientBundle {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(pad, "pad");
        if (pad.digitBits() != settings.profile().digitBits()) {
            throw new IllegalArgumentException("the pad's digits have " + pad.digitBits() + " bits, the door's "
                    + settings.profile().digitBits());
        }
    }
}
