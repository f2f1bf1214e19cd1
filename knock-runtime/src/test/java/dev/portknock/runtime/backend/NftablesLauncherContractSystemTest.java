package dev.portknock.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.spi.LaunchRequest;
import dev.portknock.spi.Launcher;
import dev.portknock.testkit.LauncherContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The SPI's launcher contract, for the nftables launcher against the real nft in a network
 * namespace created for the class (the contract stops its launches after each test, so the
 * namespace must outlive them).
 */
@Tag("system")
class NftablesLauncherContractSystemTest extends LauncherContract<Launcher> {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

    private static String namespace;
    private static Path nftInNamespace;

    @BeforeAll
    static void createNamespace() throws IOException {
        namespace = "pk-test-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        CommandRunner.Result added = CommandRunner.run(List.of("ip", "netns", "add", namespace), Optional.empty(),
                COMMAND_TIMEOUT);
        assertTrue(added.succeeded(), "ip netns add " + namespace + " (needs root and iproute2): " + added.output());
        nftInNamespace = Files.createTempFile("pk-nft-", ".sh");
        Files.writeString(nftInNamespace, "#!/bin/sh\nexec ip netns exec " + namespace + " nft \"$@\"\n");
        Files.setPosixFilePermissions(nftInNamespace, PosixFilePermissions.fromString("rwx------"));
    }

    @AfterAll
    static void removeNamespace() throws IOException {
        Files.deleteIfExists(nftInNamespace);
        CommandRunner.Result deleted = CommandRunner.run(List.of("ip", "netns", "del", namespace), Optional.empty(),
                COMMAND_TIMEOUT);
        assertTrue(deleted.succeeded(), "ip netns del " + namespace + ": " + deleted.output());
    }

    @Override
    protected Launcher createLauncher() throws IOException {
        return new NftablesLauncherProvider().create(Map.of("nft", nftInNamespace.toString(), "port", "2222",
                "create", "true"));
    }

    @Override
    protected boolean isOpen(Launcher launcher, LaunchRequest request) throws IOException {
        CommandRunner.Result listed = CommandRunner.run(
                List.of(nftInNamespace.toString(), "list", "set", "inet", "portknock", "allowed_v4"),
                Optional.empty(), COMMAND_TIMEOUT);
        assertTrue(listed.succeeded(), "nft list set: " + listed.output());
        return listed.output().contains(AddressText.of(request.source()) + " . 2222 ");
    }
}
