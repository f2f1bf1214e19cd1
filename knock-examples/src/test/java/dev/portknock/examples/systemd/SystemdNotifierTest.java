package dev.portknock.examples.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.examples.logging.UnixDatagramReceiver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notifier against real unix datagram sockets standing in for systemd's. */
class SystemdNotifierTest {
    @TempDir
    Path dir;

    private SystemdNotifier notifierAt(String notifySocket) {
        return new SystemdNotifier(notifySocket, () -> 42L);
    }

    /** The datagram a socket in the test's directory receives when {@code send} tells a notifier of it. */
    private String received(Consumer<SystemdNotifier> send) throws IOException {
        Path socket = dir.resolve("notify");
        try (UnixDatagramReceiver systemd = UnixDatagramReceiver.bind(socket)) {
            send.accept(notifierAt(socket.toString()));
            return systemd.receiveText();
        }
    }

    @Test
    void readyArrivesAsOneDatagramAtThePathNotifySocketNames() throws IOException {
        assertEquals("READY=1\nSTATUS=serving 2 door(s) from /etc/knockd.conf\n",
                received(notifier -> notifier.ready("serving 2 door(s) from /etc/knockd.conf")));
    }

    @Test
    void reloadingCarriesTheClocksMonotonicTime() throws IOException {
        assertEquals("RELOADING=1\nMONOTONIC_USEC=42\nSTATUS=reloading\n",
                received(notifier -> notifier.reloading("reloading")));
    }

    @Test
    void anAbstractNotifySocketReceivesToo() throws IOException {
        String name = "portknock-notify-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (UnixDatagramReceiver systemd = UnixDatagramReceiver.bindAbstract(name)) {
            notifierAt("@" + name).ready("serving");
            assertEquals("READY=1\nSTATUS=serving\n", systemd.receiveText());
        }
    }

    @Test
    void stoppingIsSentOnce() throws IOException {
        Path socket = dir.resolve("notify");
        try (UnixDatagramReceiver systemd = UnixDatagramReceiver.bind(socket)) {
            SystemdNotifier notifier = notifierAt(socket.toString());
            notifier.stopping("stopping");
            notifier.stopping("stopping again");
            notifier.ready("a marker after both");
            assertEquals("STOPPING=1\nSTATUS=stopping\n", systemd.receiveText());
            assertEquals("READY=1\nSTATUS=a marker after both\n", systemd.receiveText());
        }
    }

    @Test
    void aMissingSocketNeitherThrowsNorKeepsLaterMessagesFromArriving() throws IOException {
        Path socket = dir.resolve("notify");
        SystemdNotifier notifier = notifierAt(socket.toString());
        notifier.ready("nobody listens");
        notifier.reloading("nobody listens still");
        try (UnixDatagramReceiver systemd = UnixDatagramReceiver.bind(socket)) {
            notifier.ready("systemd is back");
            assertEquals("READY=1\nSTATUS=systemd is back\n", systemd.receiveText());
        }
    }

    @Test
    void aClockThatFailsNeitherThrowsNorKeepsLaterMessagesFromArriving() throws IOException {
        Path socket = dir.resolve("notify");
        SystemdNotifier notifier = new SystemdNotifier(socket.toString(), () -> {
            throw new UnsatisfiedLinkError("no clock_gettime");
        });
        try (UnixDatagramReceiver systemd = UnixDatagramReceiver.bind(socket)) {
            notifier.reloading("reloading");
            notifier.ready("after the reload");
            assertEquals("READY=1\nSTATUS=after the reload\n", systemd.receiveText());
        }
    }

    @Test
    void aNotifySocketThatNamesNoSocketDoesNotThrow() {
        notifierAt("relative/notify").ready("serving");
    }

    @Test
    void withoutNotifySocketThereIsNoNotifier() {
        assertTrue(SystemdNotifier.fromEnvironment(Map.of("HOME", "/root")).isEmpty());
    }

    @Test
    void anEmptyNotifySocketMeansNoNotifier() {
        assertTrue(SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "")).isEmpty());
    }

    @Test
    void aNotifySocketMakesANotifier() {
        assertTrue(SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "/run/systemd/notify")).isPresent());
    }
}
