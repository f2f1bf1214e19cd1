package dev.portknock.runtime;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What the tests' logger, slf4j-simple, writes to standard error while an action runs. */
final class StandardErrorLog {
    /** An action whose log lines a test reads. */
    interface Action {
        void run() throws Exception;
    }

    private StandardErrorLog() {
    }

    /** Runs {@code action} with standard error captured, and returns what was written to it. */
    static String during(Action action) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(stderr);
        }
        return log.toString(StandardCharsets.UTF_8);
    }
}
