package dev.portknock.examples.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns outside bytes or text into numbered lines, refusing what cannot be a configuration:
 * oversized files and lines, bytes that are not UTF-8, control characters (binary data).
 */
final class ConfigText {
    /** The largest configuration accepted, in bytes (files) or characters (text). */
    static final int MAX_SIZE = 1 << 20;
    /** The longest line accepted, in characters. */
    static final int MAX_LINE = 4096;

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    /** One line of the file, without its line terminator. */
    record Line(int number, String text) {
    }

    private ConfigText() {
    }

    /** Reads a file, never more than {@link #MAX_SIZE} + 1 bytes of it. */
    static List<Line> read(Path file, String source) throws IOException, ConfigException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_SIZE + 1);
        }
        if (bytes.length > MAX_SIZE) {
            throw new ConfigException(new Location(source, lineAt(bytes, MAX_SIZE)),
                    "configuration is larger than " + MAX_SIZE + " bytes");
        }
        List<String> texts = new ArrayList<>();
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                if (i == bytes.length && start == i && i > 0) {
                    break; // a final newline ends the last line; it does not start another
                }
                try {
                    texts.add(decoder.decode(ByteBuffer.wrap(bytes, start, i - start)).toString());
                } catch (CharacterCodingException e) {
                    throw new ConfigException(new Location(source, texts.size() + 1),
                            "line is not utf-8 text (binary data?)");
                }
                start = i + 1;
            }
        }
        return check(texts, source);
    }

    /** Splits text into lines, with the same limits as files (counted in characters). */
    static List<Line> split(String text, String source) throws ConfigException {
        if (text.length() > MAX_SIZE) {
            throw new ConfigException(new Location(source, lineAt(text, MAX_SIZE)),
                    "configuration is larger than " + MAX_SIZE + " characters");
        }
        List<String> texts = new ArrayList<>(List.of(text.split("\n", -1)));
        if (texts.size() > 1 && texts.get(texts.size() - 1).isEmpty()) {
            texts.remove(texts.size() - 1);
        }
        return check(texts, source);
    }

    private static List<Line> check(List<String> texts, String source) throws ConfigException {
        List<Line> lines = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            Location location = new Location(source, i + 1);
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            if (i == 0 && !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
                text = text.substring(1);
            }
            if (text.length() > MAX_LINE) {
                throw new ConfigException(location, "line is longer than " + MAX_LINE + " characters");
            }
            for (int c = 0; c < text.length(); c++) {
                char ch = text.charAt(c);
                if (ch != '\t' && (Character.isISOControl(ch) || ch == BYTE_ORDER_MARK)) {
                    throw new ConfigException(location, String.format(Locale.ROOT,
                            "line contains control character U+%04X (binary data?)", (int) ch));
                }
                if (Character.isHighSurrogate(ch) && c + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(c + 1))) {
                    c++;
                } else if (Character.isSurrogate(ch)) {
                    throw new ConfigException(location, "line contains an unpaired surrogate character");
                }
            }
            lines.add(new Line(i + 1, text));
        }
        return lines;
    }

    private static int lineAt(byte[] bytes, int end) {
        int line = 1;
        for (int i = 0; i < end; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int lineAt(String text, int end) {
        int line = 1;
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
