package dev.portknock.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    @Test
    void splitsOnRunsOfWhitespace() {
        assertEquals(List.of("iptables", "-A", "INPUT"), CommandLine.split("  iptables \t-A\n  INPUT "));
    }

    @Test
    void singleQuotesKeepEverythingLiterally() {
        assertEquals(List.of("echo", "a \"b\" \\c $(d);"), CommandLine.split("echo 'a \"b\" \\c $(d);'"));
    }

    @Test
    void doubleQuotesKeepWhitespaceAndEscapeOnlyQuoteAndBackslash() {
        assertEquals(List.of("say", "a 'b' \"c\" \\ \\n $x"), CommandLine.split("say \"a 'b' \\\"c\\\" \\\\ \\n $x\""));
    }

    @Test
    void backslashOutsideQuotesMakesTheNextCharacterLiteral() {
        assertEquals(List.of("a b", "'", "\""), CommandLine.split("a\\ b \\' \\\""));
    }

    @Test
    void adjacentPartsFormOneWord() {
        assertEquals(List.of("--name=some value's"), CommandLine.split("--name='some value'\"'s\""));
    }

    @Test
    void emptyQuotesAreAnEmptyArgument() {
        assertEquals(List.of("cmd", "", "", "x"), CommandLine.split("cmd '' \"\" x"));
    }

    @Test
    void shellSyntaxIsOrdinaryText() {
        assertEquals(List.of("echo", "a;", "$(id)", "|", "b", ">", "f", "`x`", "*"),
                CommandLine.split("echo a; $(id) | b > f `x` *"));
    }

    @Test
    void unterminatedSingleQuoteIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CommandLine.split("echo 'abc"));
        assertEquals("unterminated single quote at position 5", e.getMessage());
    }

    @Test
    void unterminatedDoubleQuoteIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CommandLine.split("echo x\"ab\\\""));
        assertEquals("unterminated double quote at position 6", e.getMessage());
    }

    @Test
    void trailingBackslashIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CommandLine.split("echo abc\\"));
        assertEquals("trailing backslash at position 8", e.getMessage());
    }

    @Test
    void blankCommandIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CommandLine.split(" \t "));
        assertEquals("command has no words", e.getMessage());
    }

    @Test
    void longGarbageWithoutQuotesSplitsIntoItsWords() {
        String word = "x".repeat(100_000);
        assertEquals(List.of(word, word), CommandLine.split(word + " " + word));
    }
}
