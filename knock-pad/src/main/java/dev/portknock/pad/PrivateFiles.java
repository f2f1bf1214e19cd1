package dev.portknock.pad;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Files that only their owner may use, checked as ssh checks a private key: pads readable by
 * nobody else, state nobody else can write, directories made 0700 whatever the umask, lock files
 * opened without following a symbolic link someone planted. On file systems without POSIX
 * permissions the checks are skipped; there is nothing to check.
 */
final class PrivateFiles {
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS_WRITE =
            EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS_READ_OR_WRITE = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final FileAttribute<?>[] OWNER_ONLY_FILE_ATTRIBUTE =
            {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    private static final FileAttribute<?>[] NO_ATTRIBUTES = {};
    private static final Set<OpenOption> CREATE_WRITE_NO_FOLLOW =
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> CREATE_NEW_WRITE_NO_FOLLOW =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

    private PrivateFiles() {
    }

    /**
     * Creates a directory 0700, with any missing parents, whatever the umask; an existing
     * directory is left as it is (and checked by the caller).
     */
    static Path createDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return directory;
        }
        if (!posix(directory.toAbsolutePath().getRoot())) {
            return Files.createDirectories(directory);
        }
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        // the umask may have taken bits away from the mode asked for; set it as meant
        Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
        return directory;
    }

    /** Refuses a file or directory that group or others may write, with the chmod that fixes it. */
    static void refuseWritableByOthers(Path path, String what) throws IOException {
        Optional<Set<PosixFilePermission>> mode = mode(path);
        if (mode.isPresent() && !disjoint(mode.get(), GROUP_OR_OTHERS_WRITE)) {
            throw new IOException(what + " " + path + " is writable by group or others (mode " + octal(mode.get())
                    + "): run chmod go-w " + path);
        }
    }

    /** Refuses a secret file that group or others may read or write, with the chmod that fixes it. */
    static void refuseAccessibleByOthers(Path path, String what) throws IOException {
        Optional<Set<PosixFilePermission>> mode = mode(path);
        if (mode.isPresent() && !disjoint(mode.get(), GROUP_OR_OTHERS_READ_OR_WRITE)) {
            throw new IOException(what + " " + path + " is accessible by group or others (mode " + octal(mode.get())
                    + "): run chmod go-rwx " + path);
        }
    }

    /**
     * Opens a file for writing, created 0600 when missing, refusing a symbolic link in its place
     * (someone who planted one would have us lock or write the file it points to).
     */
    static FileChannel openNoFollow(Path file, OpenOption... extra) throws IOException {
        Set<OpenOption> options = extra.length == 0 ? CREATE_WRITE_NO_FOLLOW : with(CREATE_WRITE_NO_FOLLOW, extra);
        try {
            return FileChannel.open(file, options, ownerOnlyFile(file));
        } catch (IOException e) {
            // the JDK reports O_NOFOLLOW's ELOOP in words that do not name the file
            if (Files.isSymbolicLink(file)) {
                throw new IOException(file + " is a symbolic link; refusing to follow it", e);
            }
            throw e;
        }
    }

    /**
     * Creates a new file 0600 and opens it for writing; empty when the name is taken (by
     * anything, a symbolic link too, which is never followed): the caller picks another name.
     */
    static Optional<FileChannel> createNew(Path file) throws IOException {
        try {
            return Optional.of(FileChannel.open(file, CREATE_NEW_WRITE_NO_FOLLOW, ownerOnlyFile(file)));
        } catch (FileAlreadyExistsException e) {
            return Optional.empty();
        }
    }

    /** 0600 where the file's directory has POSIX permissions, else nothing. */
    private static FileAttribute<?>[] ownerOnlyFile(Path file) {
        return posix(file.toAbsolutePath().getParent()) ? OWNER_ONLY_FILE_ATTRIBUTE : NO_ATTRIBUTES;
    }

    private static Set<OpenOption> with(Set<OpenOption> options, OpenOption... extra) {
        Set<OpenOption> all = new HashSet<>(options);
        all.addAll(Arrays.asList(extra));
        return all;
    }

    private static Optional<Set<PosixFilePermission>> mode(Path path) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null) {
            return Optional.empty();
        }
        return Optional.of(view.readAttributes().permissions());
    }

    private static boolean posix(Path path) {
        return path != null && Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }

    private static boolean disjoint(Set<PosixFilePermission> a, Set<PosixFilePermission> b) {
        // a loop, not a stream: this runs on every state read, mostly in code the JIT has not compiled
        for (PosixFilePermission permission : a) {
            if (b.contains(permission)) {
                return false;
            }
        }
        return true;
    }

    /** The mode as ls and chmod write it, 0644. */
    static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("%04o", mode);
    }
}
