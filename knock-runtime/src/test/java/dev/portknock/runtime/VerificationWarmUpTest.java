package dev.portknock.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portknock.core.Profile;
import dev.portknock.core.Scheme;
import dev.portknock.core.SourceBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerificationWarmUpTest {
    @TempDir
    Path parent;

    private List<Path> leftIn(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.toList();
        }
    }

    @Test
    void aSealedProfileThatBindsTheSourceIsWarmedAndItsScratchFilesDeleted() throws IOException {
        Profile profile = Profile.builder().base(40000).sourceBinding(SourceBinding.BIND).build();

        VerificationWarmUp.run(profile, 30, Clock.systemUTC(), parent);

        assertEquals(List.of(), leftIn(parent));
    }

    @Test
    void aRawProfileIsWarmedAndItsScratchFilesDeleted() throws IOException {
        Profile profile = Profile.builder().scheme(Scheme.RAW).base(40000).build();

        VerificationWarmUp.run(profile, 30, Clock.systemUTC(), parent);

        assertEquals(List.of(), leftIn(parent));
    }

    @Test
    void aParentThatDoesNotExistFailsWithoutWarming() {
        Path missing = parent.resolve("missing");

        assertThrows(IOException.class,
                () -> VerificationWarmUp.run(Profile.builder().base(40000).build(), 30, Clock.systemUTC(), missing));
    }
}
