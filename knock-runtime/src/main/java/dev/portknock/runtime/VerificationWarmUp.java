package dev.portknock.runtime;

import dev.portknock.core.Profile;
import dev.portknock.pad.DoorVerifier;
import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.InMemoryPadStateStore;
import dev.portknock.pad.IssuedKnock;
import dev.portknock.pad.KnockIssuer;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadGenerator;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import dev.portknock.pad.Verification;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Runs a profile's one-time verification, durable cursor update included, on a scratch pad in a
 * scratch directory, so that the JIT compiles that path before the first real knock.
 *
 * <p>Why: a door sees a knock every few seconds at most, so its verification would run
 * interpreted for its first couple of hundred knocks (the JIT's thresholds count calls), about
 * 0.5 ms more per knock at the median and more in the tail. The scratch pad is fresh random
 * material that nothing else knows, and its files are deleted afterwards: no door's pad or state
 * is read or written.
 */
final class VerificationWarmUp {
    /** Where the scratch knocks come from: TEST-NET-1 (RFC 5737), which nothing routes. */
    private static final InetAddress SOURCE = documentationAddress();

    private VerificationWarmUp() {
    }

    /**
     * Issues and verifies {@code knocks} scratch knocks of {@code profile} in a scratch directory
     * made in {@code parent} and deleted afterwards.
     *
     * @throws IOException when the scratch directory cannot be made or written
     * @throws IllegalStateException when a scratch knock is not accepted (the verification is broken)
     */
    static void run(Profile profile, int knocks, Clock clock, Path parent) throws IOException {
        Path scratch = Files.createTempDirectory(parent, "portknock-warm-up-");
        try {
            Path padFile = scratch.resolve("warm-up.pad");
            PadGenerator.secureRandom().generate(padFile, profile.digitBits(), PadGenerator.digitsFor(profile, knocks),
                    PadGenerator.Progress.NONE);
            Pad pad = Pad.open(padFile);
            try (FilePadStateStore serverStore = new FilePadStateStore(scratch.resolve("server"))) {
                serverStore.create(PadState.fresh(pad.id(), Side.SERVER));
                DoorVerifier verifier = DoorVerifier.builder(profile, serverStore).pads(pad).clock(clock).build();
                InMemoryPadStateStore clientStore = new InMemoryPadStateStore();
                clientStore.create(PadState.fresh(pad.id(), Side.CLIENT));
                KnockIssuer issuer = new KnockIssuer(profile, pad, clientStore, clock);
                int[] command = new int[profile.commandDigits()];
                for (int i = 0; i < knocks; i++) {
                    // peek and move the cursor here: issue() logs a line per knock
                    PadState client = clientStore.read(pad.id(), Side.CLIENT);
                    IssuedKnock knock = issuer.peek(command, Optional.of(SOURCE));
                    clientStore.compareAndSet(client, client.advancedTo(client.cursor() + 1, clock.instant()));
                    Verification verification = verifier.verify(knock.digits(), SOURCE);
                    if (!(verification instanceof Verification.Accepted)) {
                        throw new IllegalStateException("scratch knock " + i + " of the warm-up was not accepted: "
                                + verification);
                    }
                    // as a server does after each accepted knock, so that the prepared update's path warms up too
                    verifier.settle();
                }
            }
        } finally {
            deleteTree(scratch);
        }
    }

    private static InetAddress documentationAddress() {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes make an address", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
                for (Path entry : entries) {
                    deleteTree(entry);
                }
            }
        }
        Files.deleteIfExists(root);
    }
}
