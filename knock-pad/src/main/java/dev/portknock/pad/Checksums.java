package dev.portknock.pad;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, which every Java platform must provide. */
final class Checksums {
    /**
     * One digest per thread for the state files' small checksums: each state update checks one
     * and computes another, and looking the algorithm up among the providers each time cost more
     * than the hashing.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(Checksums::sha256);

    private Checksums() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the platform lacks SHA-256", e);
        }
    }

    /** The SHA-256 of {@code length} bytes of {@code bytes} from {@code offset}. */
    static byte[] sha256Of(byte[] bytes, int offset, int length) {
        MessageDigest sha = SHA_256.get();
        // a digest left part-way by an exception would otherwise hash into the next one
        sha.reset();
        sha.update(bytes, offset, length);
        return sha.digest();
    }
}
