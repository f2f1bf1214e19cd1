package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;

/** {@code knock server} on a thread of its own, stopped by interrupting it as an embedding caller would. */
final class RunningServer implements AutoCloseable {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicInteger status = new AtomicInteger(-1);
    private final Thread thread;

    RunningServer(Path config) throws InterruptedException {
        this(config, CommandLine.defaultFactory());
    }

    /** A server whose commands {@code factory} makes (e.g. {@link Cli#syslogAt(Path)}); returns once it serves. */
    RunningServer(Path config, CommandLine.IFactory factory) throws InterruptedException {
        this(factory, "server", "--config", config.toString());
    }

    /** {@code knock} with these arguments, which must run a server; returns once it serves. */
    RunningServer(CommandLine.IFactory factory, String... arguments) throws InterruptedException {
        thread = new Thread(() -> status.set(KnockCli.commandLine(new PrintWriter(out, true),
                new PrintWriter(err, true), factory).execute(arguments)), "test-knock-server");
        thread.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!out.toString().contains("knock server: serving") && status.get() < 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for the server to start");
            }
            Thread.sleep(20);
        }
        assertTrue(status.get() < 0, () -> "server exited " + status.get() + ": " + err);
    }

    String output() {
        return out.toString();
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping the server", e);
        }
        assertFalse(thread.isAlive(), "server still running");
        assertEquals(KnockCli.OK, status.get(), err::toString);
    }

    /** Loopback UDP ports that were free a moment ago, for a server's udp-socket doors. */
    static int[] freeUdpPorts(int count) throws IOException {
        DatagramSocket[] sockets = new DatagramSocket[count];
        int[] ports = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (DatagramSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
        return ports;
    }
}
