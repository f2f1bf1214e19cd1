package dev.portknock.runtime.backend;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a configured command into arguments the way a POSIX shell would for simple words, with
 * nothing else a shell does: no variables, globs, redirections, pipes or command substitution.
 *
 * <p>Words are separated by unquoted whitespace. Single quotes keep everything up to the next
 * single quote literally. Double quotes keep everything up to the next unescaped double quote,
 * where a backslash escapes only {@code "} and {@code \}. Outside quotes a backslash makes the
 * next character literal. Adjacent quoted and unquoted parts form one word, and {@code ''} or
 * {@code ""} is an empty argument.
 */
final class CommandLine {
    private CommandLine() {
    }

    /**
     * The arguments of a command.
     *
     * @throws IllegalArgumentException for an unterminated quote, a trailing backslash or a command
     *     without any word
     */
    static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < command.length()) {
            char c = command.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated single quote at position " + i);
                }
                word.append(command, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(command, i, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= command.length()) {
                    throw new IllegalArgumentException("trailing backslash at position " + i);
                }
                word.append(command.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("command has no words");
        }
        return List.copyOf(words);
    }

    /** Appends the double-quoted part that opens at {@code open}; returns the index after it. */
    private static int doubleQuoted(String command, int open, StringBuilder word) {
        int i = open + 1;
        while (i < command.length()) {
            char c = command.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < command.length()
                    && (command.charAt(i + 1) == '"' || command.charAt(i + 1) == '\\')) {
                word.append(command.charAt(i + 1));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("unterminated double quote at position " + open);
    }
}
