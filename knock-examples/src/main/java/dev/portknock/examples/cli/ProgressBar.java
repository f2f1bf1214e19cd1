package dev.portknock.examples.cli;

import dev.portknock.pad.PadGenerator;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar redrawn in place with a carriage return, for a terminal. It redraws
 * only when the shown percentage changes, so a fast generator does not flood the terminal.
 */
final class ProgressBar implements PadGenerator.Progress {
    private static final int WIDTH = 30;

    private final PrintWriter terminal;
    private final String label;
    private int shownPercent = -1;

    /** A bar labelled {@code label}, drawn on {@code terminal}. */
    ProgressBar(PrintWriter terminal, String label) {
        this.terminal = terminal;
        this.label = label;
    }

    @Override
    public void update(long bytesDone, long bytesTotal) {
        int percent = bytesTotal <= 0 ? 100 : (int) Math.min(100, bytesDone * 100 / bytesTotal);
        if (percent == shownPercent) {
            return;
        }
        shownPercent = percent;
        terminal.print("\r" + render(label, bytesDone, bytesTotal));
        if (percent == 100) {
            terminal.println();
        }
        terminal.flush();
    }

    /** One frame: {@code label [#######.......]  42%  12.3 of 29.0 MiB}. */
    static String render(String label, long bytesDone, long bytesTotal) {
        long done = Math.max(0, Math.min(bytesDone, bytesTotal));
        int percent = bytesTotal <= 0 ? 100 : (int) (done * 100 / bytesTotal);
        int filled = bytesTotal <= 0 ? WIDTH : (int) (done * WIDTH / bytesTotal);
        return String.format(Locale.ROOT, "%s [%s%s] %3d%%  %.1f of %.1f MiB", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), percent, done / 1048576.0, bytesTotal / 1048576.0);
    }
}
