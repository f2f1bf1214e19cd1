package dev.portknock.examples.systemd;

import dev.portknock.examples.logging.UnixDatagramSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd what a {@code Type=notify} service is doing, with sd_notify(3)'s protocol: a
 * datagram of {@code KEY=VALUE} lines to the unix socket {@code NOTIFY_SOCKET} names. Each
 * message goes out on a socket of its own, opened, sent and closed from this process (the unit's
 * main process, so {@code NotifyAccess=main} accepts it; a {@code systemd-notify} child would be
 * another process, attributed to the unit only when systemd looks it up in time). Messages are
 * few (start, each reload, stop), and a new socket finds systemd again after it re-executed.
 *
 * <p>Notifying never stops the server: a message that cannot be sent (a bad {@code NOTIFY_SOCKET},
 * a socket gone) is dropped, and the first failure is logged once as a warning. Without
 * {@code NOTIFY_SOCKET} there is no notifier ({@link #fromEnvironment}), so outside systemd the
 * server does nothing of this.
 */
public final class SystemdNotifier {
    /** The environment variable systemd sets for a {@code Type=notify} service. */
    public static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";
    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotifier.class);
    /** How long a message waits for room in systemd's full receive queue. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(1);

    private final String notifySocket;
    private final LongSupplier monotonicMicros;
    private boolean failed;
    private boolean stopping;

    SystemdNotifier(String notifySocket, LongSupplier monotonicMicros) {
        this.notifySocket = Objects.requireNonNull(notifySocket, "notifySocket");
        this.monotonicMicros = Objects.requireNonNull(monotonicMicros, "monotonicMicros");
    }

    /**
     * The notifier of {@code environment}'s {@code NOTIFY_SOCKET}, or none when it is unset or
     * empty (the process does not run as a {@code Type=notify} service). A value that names no
     * usable socket still makes a notifier: its first message logs why it cannot be sent.
     */
    public static Optional<SystemdNotifier> fromEnvironment(Map<String, String> environment) {
        String value = environment.get(NOTIFY_SOCKET);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SystemdNotifier(value, MonotonicClock::micros));
    }

    /** {@code READY=1}: the service serves (after its start, or after a reload), with its status. */
    public void ready(String status) {
        send(() -> NotifyMessage.ready(status));
    }

    /** {@code RELOADING=1} with {@code MONOTONIC_USEC=} now: a reload begins; {@link #ready} ends it. */
    public void reloading(String status) {
        send(() -> NotifyMessage.reloading(monotonicMicros.getAsLong(), status));
    }

    /** {@code STOPPING=1}: the service is stopping. Sent once; later calls do nothing. */
    public synchronized void stopping(String status) {
        if (!stopping) {
            stopping = true;
            send(() -> NotifyMessage.stopping(status));
        }
    }

    /** Sends the message made, which may read the clock: a failure there is a failure to notify too. */
    private synchronized void send(Supplier<String> message) {
        String problem;
        try {
            byte[] address = NotifyAddress.sockaddr(notifySocket);
            byte[] datagram = message.get().getBytes(StandardCharsets.UTF_8);
            try (UnixDatagramSocket socket = UnixDatagramSocket.connect(address, SEND_TIMEOUT)) {
                socket.send(datagram, true);
            }
            return;
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        } catch (IOException | RuntimeException | LinkageError e) {
            // LinkageError: JNA or libc missing; the server serves on all the same, as outside systemd
            problem = NOTIFY_SOCKET + " " + notifySocket + ": " + e.getMessage();
        }
        if (!failed) {
            failed = true;
            LOG.warn("cannot notify systemd: {}; the server goes on without telling it (logged once)", problem);
        }
    }
}
