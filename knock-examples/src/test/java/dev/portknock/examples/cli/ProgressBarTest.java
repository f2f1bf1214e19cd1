package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void rendersTheShareDoneAsBarPercentAndMebibytes() {
        assertEquals("generating [###############...............]  50%  1.0 of 2.0 MiB",
                ProgressBar.render("generating", 1L << 20, 2L << 20));
    }

    @Test
    void redrawsOnlyWhenThePercentageChangesAndEndsTheLineWhenDone() {
        StringWriter terminal = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(terminal), "g");
        bar.update(0, 1000);
        bar.update(1, 1000);
        bar.update(1000, 1000);
        String[] frames = terminal.toString().split("\r", -1);
        assertEquals(3, frames.length);
        assertEquals(ProgressBar.render("g", 1000, 1000) + System.lineSeparator(), frames[2]);
    }
}
