package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplittingStreamTest {
    /** Remembers whether it was closed, which a plain ByteArrayOutputStream ignores. */
    private static final class Target extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    private final Target target = new Target();
    private final List<String> lines = new ArrayList<>();

    private LineSplittingStream stream(int maxLineBytes) {
        return new LineSplittingStream(target, StandardCharsets.UTF_8, maxLineBytes, lines::add);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyByteIsWrittenThrough() throws IOException {
        LineSplittingStream stream = stream(4);
        stream.write(utf8("a long first line\r\nsecond\npartial"));
        stream.write('!');
        assertArrayEquals(utf8("a long first line\r\nsecond\npartial!"), target.toByteArray());
    }

    @Test
    void aLineIsHandedOverOnlyOnceItsNewlineArrives() throws IOException {
        LineSplittingStream stream = stream(100);
        stream.write(utf8("first "));
        stream.write(utf8("piece"));
        assertEquals(List.of(), lines);
        stream.write(utf8(", end\nsecond\nthi"));
        assertEquals(List.of("first piece, end", "second"), lines);
    }

    @Test
    void aCarriageReturnBeforeTheNewlineIsDropped() throws IOException {
        stream(100).write(utf8("line\r\n"));
        assertEquals(List.of("line"), lines);
    }

    @Test
    void anEmptyLineIsHandedOverEmpty() throws IOException {
        stream(100).write(utf8("\n"));
        assertEquals(List.of(""), lines);
    }

    @Test
    void onlyTheFirstMaxLineBytesOfALineAreKept() throws IOException {
        LineSplittingStream stream = stream(5);
        stream.write(utf8("abc"));
        stream.write(utf8("defgh\nijklmnop\n"));
        assertEquals(List.of("abcde", "ijklm"), lines);
    }

    @Test
    void aCharacterSplitAcrossWritesIsDecodedWhole() throws IOException {
        LineSplittingStream stream = stream(100);
        byte[] euro = utf8("€\n");
        stream.write(euro, 0, 1);
        stream.write(euro, 1, euro.length - 1);
        assertEquals(List.of("€"), lines);
    }

    @Test
    void linesAreDecodedInTheGivenCharset() throws IOException {
        new LineSplittingStream(target, StandardCharsets.ISO_8859_1, 100, lines::add)
                .write("Grüße\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(List.of("Grüße"), lines);
    }

    @Test
    void closingHandsOverAnUnfinishedLine() throws IOException {
        LineSplittingStream stream = stream(100);
        stream.write(utf8("done\nunfinished"));
        stream.close();
        assertEquals(List.of("done", "unfinished"), lines);
    }

    @Test
    void closingLeavesTheTargetOpen() throws IOException {
        stream(100).close();
        assertFalse(target.closed);
    }

    @Test
    void aMaxLineLengthThatIsNotPositiveIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stream(0));
        assertEquals("maxLineBytes must be positive: 0", e.getMessage());
    }
}
