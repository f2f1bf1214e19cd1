package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
    @Test
    void theDemoRunsEndToEndAndPasses() {
        Cli.Result result = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Cli.run("demo"));
        assertEquals(KnockCli.OK, result.status(), result.out() + result.err());
        String out = result.out();
        assertTrue(out.contains("refused (service closed before any knock)"), out);
        assertTrue(out.contains("server accepted knock 0 from 127.0.0.1"), out);
        assertTrue(out.contains("connected, it says \"hello from the demo service\""), out);
        assertTrue(out.contains("refused (closed again)"), out);
        assertTrue(out.contains("refused (the replay opened nothing)"), out);
        assertTrue(out.endsWith("demo passed: every step behaved as expected" + System.lineSeparator()), out);
    }
}
