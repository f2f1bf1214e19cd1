package dev.portknock.examples.logging;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Sends datagrams to a syslog socket for the life of a server, never throwing into the caller that
 * logs. A send that fails (the daemon restarted, so the old connection is refused) is retried once
 * on a new connection. If that fails too the datagram is dropped, since its line is already in
 * standard error or the log file, and one notice there says so. While delivery keeps failing,
 * each datagram tries one new connection and does not wait for room in a full queue, and no
 * further notice is written; the first datagram that goes through again is followed by a notice
 * that delivery resumed.
 */
final class SyslogSender implements AutoCloseable {
    private final Path path;
    private final Duration sendTimeout;
    private final Consumer<String> notices;
    private Optional<UnixDatagramSocket> socket;
    private boolean failing;
    private boolean closed;

    private SyslogSender(Path path, Duration sendTimeout, Consumer<String> notices, Optional<UnixDatagramSocket> socket) {
        this.path = Objects.requireNonNull(path, "path");
        this.sendTimeout = Objects.requireNonNull(sendTimeout, "sendTimeout");
        this.notices = Objects.requireNonNull(notices, "notices");
        this.socket = socket;
        // without a socket, delivery is failing already: the first datagram that goes through says it resumed
        this.failing = socket.isEmpty();
    }

    /**
     * Connects to the syslog socket at {@code path}.
     *
     * @param sendTimeout how long a send waits for room in the daemon's full receive queue
     * @param notices where the lines noticing failed and resumed delivery go
     * @throws IOException the libc error text of the failed connection
     */
    static SyslogSender connect(Path path, Duration sendTimeout, Consumer<String> notices) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        return new SyslogSender(path, sendTimeout, notices, Optional.of(UnixDatagramSocket.connect(path, sendTimeout)));
    }

    /**
     * A sender whose socket could not be connected, its failure already told: each datagram tries
     * to connect, and the first that goes through is followed by the notice that delivery resumed.
     */
    static SyslogSender unconnected(Path path, Duration sendTimeout, Consumer<String> notices) {
        return new SyslogSender(path, sendTimeout, notices, Optional.empty());
    }

    /** Sends one datagram, reconnecting once if need be; after {@link #close()} does nothing. */
    synchronized void send(byte[] datagram) {
        if (closed) {
            return;
        }
        IOException failure = null;
        int attempts = socket.isPresent() ? 2 : 1;
        for (int attempt = 0; attempt < attempts; attempt++) {
            try {
                if (socket.isEmpty()) {
                    socket = Optional.of(UnixDatagramSocket.connect(path, sendTimeout));
                }
                socket.get().send(datagram, !failing);
                if (failing) {
                    failing = false;
                    notices.accept("knock server: UseSyslog: delivery to the syslog socket " + path + " resumed");
                }
                return;
            } catch (IOException e) {
                socket.ifPresent(UnixDatagramSocket::close);
                socket = Optional.empty();
                failure = e;
            }
        }
        if (!failing) {
            failing = true;
            notices.accept("knock server: UseSyslog: cannot deliver to the syslog socket " + path + ": "
                    + failure.getMessage() + "; log lines go only here until it accepts them again");
        }
    }

    /** Closes the socket; later sends are dropped. */
    @Override
    public synchronized void close() {
        closed = true;
        socket.ifPresent(UnixDatagramSocket::close);
        socket = Optional.empty();
    }
}
