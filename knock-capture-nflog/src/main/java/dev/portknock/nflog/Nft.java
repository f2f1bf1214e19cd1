package dev.portknock.nflog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the nft program on a script: {@code nft -f -} with the script on standard input, a fixed
 * argument list, and a time limit.
 */
final class Nft {
    static final String PROGRAM = "nft";
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Nft() {
    }

    /**
     * Runs the script, which changes table {@code table}.
     *
     * @param what what the script does, for the message ({@code installing}, {@code removing})
     * @throws IOException saying why nft failed: missing, denied permission, no kernel support
     */
    static void run(String script, String what, String table) throws IOException {
        Result result = execute(script);
        if (result.timedOut()) {
            throw new IOException(NflogMessages.nftTimedOut(what, table, TIMEOUT.toSeconds()));
        }
        if (result.exitStatus() != 0) {
            throw new IOException(NflogMessages.nftFailed(what, table, result.output()));
        }
    }

    /** Whether the script succeeds (for a {@code list}); false when nft cannot run at all. */
    static boolean succeeds(String script) {
        try {
            Result result = execute(script);
            return !result.timedOut() && result.exitStatus() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private record Result(boolean timedOut, int exitStatus, String output) {
    }

    private static Result execute(String script) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(List.of(PROGRAM, "-f", "-")).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(NflogMessages.nftMissing(PROGRAM, e.getMessage()), e);
        }
        // the output is drained on a thread of its own, so a hung nft cannot hold this one past the limit
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try (InputStream out = process.getInputStream()) {
                out.transferTo(output);
            } catch (IOException e) {
                // the process was destroyed; what was read is kept
            }
        }, "nft output");
        drain.setDaemon(true);
        drain.start();
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(script.getBytes(StandardCharsets.UTF_8));
            }
            boolean finished = process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (finished) {
                drain.join(TIMEOUT.toMillis());
            }
            String text = output.toString(StandardCharsets.UTF_8).strip();
            return finished ? new Result(false, process.exitValue(), text) : new Result(true, -1, text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while nft ran", e);
        } finally {
            process.destroyForcibly();
        }
    }
}
