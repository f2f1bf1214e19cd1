package dev.portknock.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint the pad commands print: the SHA-256 of the whole pad file, in lowercase hex, as
 * {@code sha256sum} prints it, so both ends of a door can compare their copies with either tool.
 * It is a hash of random material and reveals nothing usable about the digits.
 */
final class FileFingerprint {
    /** How the fingerprint is described next to its value. */
    static final String DESCRIPTION = "SHA-256 of the pad file, as sha256sum prints it";

    private FileFingerprint() {
    }

    /** The file's SHA-256 as 64 lowercase hex digits. */
    static String of(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                sha.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
