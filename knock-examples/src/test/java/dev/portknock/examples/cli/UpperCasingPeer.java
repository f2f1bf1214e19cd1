package dev.portknock.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/** A TCP peer for relay tests: accepts one connection, reads to its end, answers with what it read upper-cased, closes. */
final class UpperCasingPeer {
    private UpperCasingPeer() {
    }

    /** Serves one connection on {@code server} in the background, then closes it. */
    static CompletableFuture<Void> serve(ServerSocket server) {
        return CompletableFuture.runAsync(() -> {
            try (server; Socket peer = server.accept()) {
                byte[] all = peer.getInputStream().readAllBytes();
                peer.getOutputStream().write(new String(all, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT)
                        .getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
