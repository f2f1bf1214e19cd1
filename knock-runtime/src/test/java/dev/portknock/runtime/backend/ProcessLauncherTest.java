package dev.portknock.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.spi.Launch;
import dev.portknock.spi.LaunchRequest;
import dev.portknock.spi.Launcher;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessLauncherTest {
    @TempDir
    Path dir;

    private Path recorder;
    private LaunchRequest request;

    @BeforeEach
    void writeRecorder() throws IOException {
        // records its arguments after the first (the output file), NUL-separated
        recorder = dir.resolve("record-args");
        Files.writeString(recorder, "#!/bin/sh\nout=\"$1\"\nshift\nprintf '%s\\0' \"$@\" > \"$out\"\n");
        Files.setPosixFilePermissions(recorder, PosixFilePermissions.fromString("rwx------"));
        request = new LaunchRequest("door-a", 3, InetAddress.getByName("192.0.2.10"), Duration.ofSeconds(60));
    }

    private static Launcher launcher(String... keysAndValues) {
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new ProcessLauncherProvider().create(settings);
    }

    private String record(Path out) {
        return "'" + recorder + "' '" + out + "'";
    }

    private static List<String> recorded(Path out) throws IOException {
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\0"), "recorder output ends with a NUL");
        return Arrays.asList(text.substring(0, text.length() - 1).split("\0", -1));
    }

    @Test
    void placeholdersAreSubstitutedInsideEachArgument() throws IOException {
        Path out = dir.resolve("args");
        launcher("start_command", record(out) + " %IP% --to=%IP%:%PORT% 'service %SERVICE%' %DURATION%",
                "port", "2222").start(request);
        assertEquals(List.of("192.0.2.10", "--to=192.0.2.10:2222", "service 3", "60"), recorded(out));
    }

    @Test
    void durationIsRoundedUpToWholeSeconds() throws IOException {
        Path out = dir.resolve("args");
        launcher("start_command", record(out) + " %DURATION%")
                .start(new LaunchRequest("door-a", 3, request.source(), Duration.ofMillis(1500)));
        assertEquals(List.of("2"), recorded(out));
    }

    @Test
    void withoutShellSemicolonsAndCommandSubstitutionStayLiteral() throws IOException {
        Path out = dir.resolve("args");
        Path pwned = dir.resolve("pwned");
        launcher("start_command", record(out) + " %IP%; touch " + pwned + " '$(touch " + pwned + ")' `id`")
                .start(request);
        assertEquals(List.of("192.0.2.10;", "touch", pwned.toString(), "$(touch " + pwned + ")", "`id`"),
                recorded(out));
        assertFalse(Files.exists(pwned));
    }

    @Test
    void withShellTheCommandRunsThroughBinSh() throws IOException {
        Path out = dir.resolve("shell-out");
        launcher("shell", "true",
                "start_command", "printf '%s %s %s' %IP% %SERVICE% %DURATION% > '" + out + "'").start(request);
        assertEquals("192.0.2.10 3 60", Files.readString(out));
    }

    @Test
    void timeoutKillsTheCommandAndItsChildren() throws Exception {
        Path pids = dir.resolve("pids");
        Launcher launcher = launcher("shell", "true", "timeout", "1",
                "start_command", "sleep 30 & echo $$ $! > '" + pids + "'; wait");
        IOException e = assertThrows(IOException.class, () -> launcher.start(request));
        assertEquals("start command for door door-a, source 192.0.2.10, service 3 timed out after 1 s", e.getMessage());
        for (String pid : Files.readString(pids).strip().split(" ")) {
            assertFalse(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false),
                    "process " + pid + " was killed");
        }
    }

    @Test
    void nonZeroExitOfTheStartCommandFailsTheLaunch() {
        Launcher launcher = launcher("start_command", "sh -c 'echo no route; exit 3'");
        IOException e = assertThrows(IOException.class, () -> launcher.start(request));
        assertEquals("start command for door door-a, source 192.0.2.10, service 3 failed with exit status 3: no route",
                e.getMessage());
    }

    @Test
    void missingProgramFailsTheLaunchNamingIt() {
        Launcher launcher = launcher("start_command", dir.resolve("no-such-program") + " %IP%");
        IOException e = assertThrows(IOException.class, () -> launcher.start(request));
        assertTrue(e.getMessage().startsWith("start command for door door-a cannot run "
                + dir.resolve("no-such-program") + ": "), e.getMessage());
    }

    @Test
    void stopRunsTheStopCommand() throws IOException {
        Path startOut = dir.resolve("start");
        Path stopOut = dir.resolve("stop");
        Launch launch = launcher("start_command", record(startOut) + " open %IP%",
                "stop_command", record(stopOut) + " close %IP% %SERVICE%").start(request);
        assertFalse(Files.exists(stopOut));
        launch.stop();
        assertEquals(List.of("close", "192.0.2.10", "3"), recorded(stopOut));
    }

    @Test
    void failingStopCommandIsReported() throws IOException {
        Launch launch = launcher("start_command", "true", "stop_command", "false").start(request);
        IOException e = assertThrows(IOException.class, launch::stop);
        assertEquals("stop command for door door-a, source 192.0.2.10, service 3 failed with exit status 1",
                e.getMessage());
    }

    @Test
    void stopWithoutStopCommandDoesNothing() throws IOException {
        Path out = dir.resolve("args");
        Launch launch = launcher("start_command", record(out) + " once").start(request);
        Files.delete(out);
        launch.stop();
        assertFalse(Files.exists(out));
    }

    @Test
    void aLaunchWithoutStopCommandHasNoStop() throws IOException {
        assertFalse(launcher("start_command", "true").start(request).hasStop());
    }

    @Test
    void aLaunchWithStopCommandHasAStop() throws IOException {
        assertTrue(launcher("start_command", "true", "stop_command", "true").start(request).hasStop());
    }

    @Test
    void withStopAfterFailedStartAFailedStartStillLeavesTheStopToRunAsKnockdDoes() throws IOException {
        Path stopOut = dir.resolve("stop");
        Launch launch = launcher("stop_after_failed_start", "true", "start_command", "sh -c 'exit 3'",
                "stop_command", record(stopOut) + " close %IP%").start(request);
        assertTrue(launch.hasStop());
        launch.stop();
        assertEquals(List.of("close", "192.0.2.10"), recorded(stopOut));
    }

    @Test
    void withStopAfterFailedStartAStartThatCannotRunStillFails() {
        Launcher launcher = launcher("stop_after_failed_start", "true",
                "start_command", dir.resolve("no-such-program").toString(), "stop_command", "true");
        assertThrows(IOException.class, () -> launcher.start(request));
    }

    @Test
    void stopAfterFailedStartMustBeTrueOrFalse() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> launcher("stop_after_failed_start", "maybe", "start_command", "true"));
        assertEquals("process launcher: setting stop_after_failed_start must be true or false: maybe", e.getMessage());
    }

    @Test
    void withShellAHostileLookingSourceCannotInjectCommands() throws IOException {
        Path out = dir.resolve("shell-out");
        Path pwned = dir.resolve("pwned");
        byte[] bytes = InetAddress.getByName("2001:db8::66").getAddress();
        InetAddress hostile = java.net.Inet6Address.getByAddress("$(touch " + pwned + ");`touch " + pwned + "`",
                bytes, 3);
        launcher("shell", "true", "start_command", "echo %IP% >> '" + out + "'")
                .start(new LaunchRequest("door-a", 0, hostile, Duration.ofSeconds(5)));
        assertEquals("2001:db8::66\n", Files.readString(out));
        assertFalse(Files.exists(pwned));
    }

    @Test
    void stoppingTwiceIsMisuse() throws IOException {
        Launch launch = launcher("start_command", "true").start(request);
        launch.stop();
        IllegalStateException e = assertThrows(IllegalStateException.class, launch::stop);
        assertEquals("launch already stopped", e.getMessage());
    }

    @Test
    void ipv6SourceIsSubstitutedInRfc5952FormWithoutScope() throws IOException {
        Path out = dir.resolve("args");
        launcher("start_command", record(out) + " %IP%")
                .start(new LaunchRequest("door-a", 0, InetAddress.getByName("2001:db8::7"), Duration.ofSeconds(5)));
        assertEquals(List.of("2001:db8::7"), recorded(out));
    }

    @Test
    void startCommandIsRequired() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> launcher("stop_command", "x"));
        assertEquals("process launcher: setting start_command is required", e.getMessage());
    }

    @Test
    void unbalancedQuoteInACommandIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> launcher("start_command", "true", "stop_command", "echo 'abc"));
        assertEquals("process launcher: setting stop_command: unterminated single quote at position 5", e.getMessage());
    }

    @Test
    void portPlaceholderNeedsAConfiguredPort() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> launcher("start_command", "open %IP% %PORT%"));
        assertEquals("process launcher: setting start_command uses %PORT% but setting port is not configured",
                e.getMessage());
    }

    @Test
    void unknownSettingIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> launcher("start_command", "true", "start_comand", "x"));
        assertEquals("process launcher: unknown setting start_comand"
                + " (known: port, shell, start_command, stop_after_failed_start, stop_command, timeout)", e.getMessage());
    }

    @Test
    void shellMustBeTrueOrFalse() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> launcher("start_command", "true", "shell", "yes"));
        assertEquals("process launcher: setting shell must be true or false: yes", e.getMessage());
    }

    @Test
    void timeoutMustBeAPositiveWholeNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> launcher("start_command", "true", "timeout", "0"));
        assertEquals("process launcher: setting timeout must be a whole number in 1..86400: 0", e.getMessage());
    }

    @Test
    void portMustBeAPortNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> launcher("start_command", "true", "port", "22; rm"));
        assertEquals("process launcher: setting port must be a whole number in 1..65535: 22; rm", e.getMessage());
    }
}
