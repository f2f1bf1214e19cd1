package dev.portknock.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A durable record of the services servers opened and when each must close, so that the services
 * a server opened before it died (SIGKILL, a crash, power loss) are closed after a restart:
 * {@link KnockServer} records an opening <em>before</em> its launcher starts it, and forgets it
 * once it is stopped. At start, a server given the journal takes the openings of its doors
 * ({@link KnockServer.Builder#holeJournal(HoleJournal)}): those whose time has passed are closed at
 * once, the others are stopped when their time ends, through the launcher's
 * {@link dev.portknock.spi.Launcher#recover} handle. Several servers may share one journal.
 *
 * <p>The file is text: the line {@value #HEADER}, then one line per opening,
 * {@code ID STOP-AT SERVICE SOURCE DOOR} (an ISO-8601 instant, a numeric address, the door's name
 * last). Every change replaces it durably: a temporary file written and forced, renamed over the
 * journal, the directory forced. Thread-safe.
 */
public final class HoleJournal {
    /** The first line of a journal file, naming its format and version. */
    static final String HEADER = "portknock holes 1";
    /** A journal larger than this is not one this class wrote. */
    static final int MAX_SIZE = 16 * 1024 * 1024;
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /**
     * One opening.
     *
     * @param id unique within the journal
     * @param door the door that opened it
     * @param service the service number
     * @param source the address it was opened for
     * @param stopAt when it must close
     */
    public record Entry(long id, String door, int service, InetAddress source, Instant stopAt) {
        /** Validates: a door name without control characters (it ends a line of the file). */
        public Entry {
            Objects.requireNonNull(door, "door");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(stopAt, "stopAt");
            if (door.isEmpty() || door.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("door name unfit for the journal: " + door);
            }
        }

        String line() {
            return id + " " + stopAt + " " + service + " " + source.getHostAddress().replaceFirst("%.*$", "") + " "
                    + door;
        }
    }

    private final Path file;
    private final Map<Long, Entry> entries = new LinkedHashMap<>();
    /** Entries read at open that no server has taken yet. */
    private final List<Entry> unclaimed = new ArrayList<>();
    private long nextId;

    private HoleJournal(Path file) {
        this.file = file;
    }

    /**
     * Opens a journal, reading the openings it holds; a missing file is an empty journal (created
     * at the first opening).
     *
     * @throws IOException when the file cannot be read, or is not a journal: the message names the
     *     file and line
     */
    public static HoleJournal open(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        HoleJournal journal = new HoleJournal(file);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_SIZE + 1);
        } catch (NoSuchFileException e) {
            return journal;
        }
        if (bytes.length > MAX_SIZE) {
            throw new IOException(file + ": larger than " + MAX_SIZE + " bytes, not a journal of open holes");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IOException(file + ": truncated: the last line has no end");
        }
        String[] lines = text.split("\n");
        if (text.isEmpty() || !lines[0].equals(HEADER)) {
            throw new IOException(file + ":1: expected '" + HEADER + "', not a journal of open holes");
        }
        for (int i = 1; i < lines.length; i++) {
            Entry entry = parse(file, i + 1, lines[i]);
            if (journal.entries.putIfAbsent(entry.id(), entry) != null) {
                throw new IOException(file + ":" + (i + 1) + ": id " + entry.id() + " appears twice");
            }
            journal.unclaimed.add(entry);
            journal.nextId = Math.max(journal.nextId, entry.id() + 1);
        }
        return journal;
    }

    private static Entry parse(Path file, int number, String line) throws IOException {
        String[] fields = line.split(" ", 5);
        if (fields.length != 5) {
            throw new IOException(file + ":" + number + ": expected 'ID STOP-AT SERVICE SOURCE DOOR'");
        }
        try {
            long id = Long.parseLong(fields[0]);
            Instant stopAt = Instant.parse(fields[1]);
            int service = Integer.parseInt(fields[2]);
            if (id < 0 || service < 0 || !ADDRESS.matcher(fields[3]).matches()) {
                throw new IllegalArgumentException("bad id, service or source");
            }
            // a numeric literal: no name is ever looked up
            InetAddress source = InetAddress.getByName(fields[3]);
            return new Entry(id, fields[4], service, source, stopAt);
        } catch (IllegalArgumentException | DateTimeParseException | IOException e) {
            throw new IOException(file + ":" + number + ": bad opening: " + e.getMessage(), e);
        }
    }

    /** The journal's file. */
    public Path file() {
        return file;
    }

    /** Records an opening; durable when this returns. */
    synchronized Entry add(String door, int service, InetAddress source, Instant stopAt) throws IOException {
        Entry entry = new Entry(nextId, door, service, source, stopAt);
        entries.put(entry.id(), entry);
        try {
            write();
        } catch (IOException e) {
            entries.remove(entry.id());
            throw e;
        }
        nextId++;
        return entry;
    }

    /** Moves an opening's stop time; durable when this returns. */
    synchronized void update(long id, Instant stopAt) throws IOException {
        Entry old = entries.get(id);
        if (old == null || old.stopAt().equals(stopAt)) {
            return;
        }
        entries.put(id, new Entry(id, old.door(), old.service(), old.source(), stopAt));
        write();
    }

    /** Forgets a closed opening; durable when this returns. */
    synchronized void remove(long id) throws IOException {
        if (entries.remove(id) != null) {
            write();
        }
    }

    /** Takes the openings read at open that belong to these doors; each is taken once. */
    synchronized List<Entry> claim(Collection<String> doors) {
        List<Entry> claimed = new ArrayList<>();
        for (Iterator<Entry> it = unclaimed.iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (doors.contains(entry.door())) {
                claimed.add(entry);
                it.remove();
            }
        }
        return claimed;
    }

    /** The openings read at open that no server has claimed: those of doors no server has. */
    public synchronized List<Entry> unclaimed() {
        return List.copyOf(unclaimed);
    }

    private void write() throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Entry entry : entries.values()) {
            text.append(entry.line()).append('\n');
        }
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = directory.resolve(file.getFileName() + ".tmp");
        // owner only: it lists who may reach which service
        try (FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            channel.write(java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
