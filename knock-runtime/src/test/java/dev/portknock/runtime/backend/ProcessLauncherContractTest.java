package dev.portknock.runtime.backend;

import dev.portknock.spi.LaunchRequest;
import dev.portknock.spi.Launcher;
import dev.portknock.testkit.LauncherContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SPI's launcher contract, for a process launcher whose commands create and remove a file per
 * source: the file existing is the service being open.
 */
class ProcessLauncherContractTest extends LauncherContract<Launcher> {
    @TempDir
    Path dir;

    @Override
    protected Launcher createLauncher() {
        return new ProcessLauncherProvider().create(Map.of(
                "start_command", "touch '" + dir + "/open-%IP%-%SERVICE%'",
                "stop_command", "rm '" + dir + "/open-%IP%-%SERVICE%'"));
    }

    @Override
    protected boolean isOpen(Launcher launcher, LaunchRequest request) {
        return Files.exists(dir.resolve("open-" + AddressText.of(request.source()) + "-" + request.service()));
    }
}
