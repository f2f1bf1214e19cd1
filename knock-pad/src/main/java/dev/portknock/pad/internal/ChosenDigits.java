package dev.portknock.pad.internal;

import dev.portknock.pad.PadGenerator;
import dev.portknock.pad.PadId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Not API: writes a pad file of chosen digits, which only a test may want: a real pad's digits come
 * from {@link PadGenerator}'s strong sources and nowhere else. This package is exported to
 * {@code dev.portknock.testkit} alone, whose {@code TestPads} makes seeded pads with it; the writing
 * itself stays inside {@code dev.portknock.pad}, which hands it over here as it is initialised (as
 * the JDK's {@code SharedSecrets} hand package-private code to other packages).
 */
public final class ChosenDigits {
    /** Writes a pad file of given digits. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes a new pad file (format 1) of the digits, atomically; the target must not exist.
         *
         * @throws IOException when the file cannot be written
         */
        void write(Path target, PadId id, int digitBits, int[] digits) throws IOException;
    }

    private static final AtomicReference<Writer> WRITER = new AtomicReference<>();

    private ChosenDigits() {
    }

    /**
     * Hands over the writer; {@link PadGenerator} calls it once, as it is initialised.
     *
     * @throws IllegalStateException when a writer was handed over already
     */
    public static void install(Writer writer) {
        if (!WRITER.compareAndSet(null, Objects.requireNonNull(writer, "writer"))) {
            throw new IllegalStateException("the chosen-digit writer is already installed");
        }
    }

    /**
     * Writes a new pad file of the digits, for tests only; never a real pad.
     *
     * @throws IOException when the file cannot be written
     * @throws IllegalArgumentException when a digit does not fit {@code digitBits}
     */
    public static void write(Path target, PadId id, int digitBits, int[] digits) throws IOException {
        initialise(PadGenerator.class);
        WRITER.get().write(target, id, digitBits, digits);
    }

    /** Runs the class's initialiser, where {@link PadGenerator} installs the writer, if it has not run yet. */
    private static void initialise(Class<?> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
