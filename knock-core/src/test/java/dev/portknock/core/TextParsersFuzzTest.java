package dev.portknock.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Fuzz tests of core's parsers of outside text: fixed sequences, TCP flag filters and commands.
 * Each input is the parser's text as UTF-8. The contract: an {@link IllegalArgumentException}
 * with a message, or a value that prints back to text parsing to an equal value; any other
 * exception is a finding.
 *
 * <p>The default build replays the inputs under {@code TextParsersFuzzTestInputs/<method>/};
 * {@code .ci/fuzz.sh} fuzzes each method for a bounded time.
 */
class TextParsersFuzzTest {
    /** The default schema with 12-bit digits, as the default profile carries them. */
    private static final int RADIX = 1 << 12;

    @FuzzTest(maxDuration = "30s")
    void fixedSequenceParsesBackFromItsOwnSpelling(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        FixedSequence sequence;
        try {
            sequence = FixedSequence.parse(text);
        } catch (IllegalArgumentException e) {
            assertExplained(e);
            return;
        }
        assertEquals(text.split(",", -1).length, sequence.length(), "one port per item");
        for (KnockPort port : sequence.ports()) {
            assertTrue(port.port() >= 1 && port.port() <= 65535, "port in range: " + port);
        }
        assertEquals(sequence, FixedSequence.parse(sequence.toString()));
    }

    @FuzzTest(maxDuration = "30s")
    void tcpFlagFilterParsesBackFromItsOwnSpelling(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        TcpFlagFilter filter;
        try {
            filter = TcpFlagFilter.parse(text);
        } catch (IllegalArgumentException e) {
            assertExplained(e);
            return;
        }
        assertEquals(0, filter.required() & filter.forbidden(), "no flag both required and forbidden");
        assertEquals(filter, TcpFlagFilter.parse(filter.toString()));
    }

    @FuzzTest(maxDuration = "30s")
    void commandValuesFitTheirDigitsAndParseBack(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Command command;
        try {
            command = CommandSchema.DEFAULT.parse(text, RADIX);
        } catch (IllegalArgumentException e) {
            assertExplained(e);
            return;
        }
        int[] values = command.values();
        assertEquals(CommandSchema.DEFAULT.size(), values.length);
        for (int value : values) {
            assertTrue(value >= 0 && value < RADIX, "value fits a digit: " + value);
        }
        String spelled = Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(","));
        assertEquals(command, CommandSchema.DEFAULT.parse(spelled, RADIX));
    }

    private static void assertExplained(IllegalArgumentException e) {
        assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a rejection names the problem");
    }
}
