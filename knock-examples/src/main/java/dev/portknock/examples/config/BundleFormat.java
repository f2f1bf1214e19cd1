package dev.portknock.examples.config;

import dev.portknock.core.Profile;
import dev.portknock.core.Scheme;
import dev.portknock.core.SourceBinding;
import dev.portknock.pad.Pad;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client bundle file, format 1 (PROTOCOL.md §7): a text header of {@code key = value} lines
 * between {@code portknock-bundle 1} and {@code end}, then the pad file's bytes unchanged. The
 * header is read within {@value #MAX_HEADER} bytes before anything else; the pad gets every check
 * a pad file gets. A bundle holds a pad, so, like a pad, it is refused when group or others may
 * read or write it, and it is written 0600 and never over an existing file.
 */
public final class BundleFormat {
    /** The format this class reads and writes. */
    public static final int VERSION = 1;
    /** The longest header, {@code end} line included, in bytes. */
    public static final int MAX_HEADER = 4096;

    /** The first word of every bundle, before its format version. */
    public static final String MAGIC = "portknock-bundle";
    private static final String END = "end";
    private static final byte[] PAD_MAGIC = "KNOCKPAD".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern FIRST_LINE = Pattern.compile(MAGIC + " ([0-9]{1,9})");
    private static final Pattern KEY = Pattern.compile("[a-z_]{1,32}");
    private static final List<String> REQUIRED = List.of("door", "label", "host", "services", "scheme", "protocol",
            "base_port", "digit_bits", "command_digits", "tag_digits", "hint_digits", "window", "bind_source", "seq_timeout");
    private static final Set<String> OPTIONAL = Set.of("accept_weakness");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private BundleFormat() {
    }

    /**
     * Reads and checks a bundle: header, then pad.
     *
     * @throws ConfigException naming the file and line of what is wrong with the header: not a
     *     bundle (a pad file, garbage), another format version, truncated before {@code end}, a header
     *     longer than {@value #MAX_HEADER} bytes, unknown, repeated, missing or bad keys
     * @throws IOException when the file cannot be read, is not a regular file, group or others may
     *     read or write it, or its pad is damaged, truncated or followed by stray bytes
     */
    public static ClientBundle read(Path file) throws IOException, ConfigException {
        if (!Files.readAttributes(file, BasicFileAttributes.class).isRegularFile()) {
            throw new IOException("bundle " + file + " is not a regular file");
        }
        refuseAccessibleByOthers(file);
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(MAX_HEADER);
        }
        String source = file.toString();
        int headerLength = headerLength(start, source);
        List<ConfigText.Line> lines = ConfigText.split(decode(start, headerLength, source), source);
        BundleSettings settings = settings(entries(lines, source), new Location(source, lines.size()));
        Pad pad = Pad.open(file, headerLength);
        try {
            return new ClientBundle(file, settings, pad);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(new Location(source, 1), "the bundle's pad does not fit its header: "
                    + e.getMessage());
        }
    }

    /**
     * Writes a bundle of these settings and this pad to {@code out}, created 0600; refuses an
     * existing file. The file and its directory are forced to disk before this returns; a failed
     * write leaves no file behind.
     *
     * @throws java.nio.file.FileAlreadyExistsException when {@code out} exists
     * @throws IllegalArgumentException when the pad's digit bits differ from the profile's
     */
    public static void write(Path out, BundleSettings settings, Pad pad) throws IOException {
        if (pad.digitBits() != settings.profile().digitBits()) {
            throw new IllegalArgumentException("the pad's digits have " + pad.digitBits() + " bits, the door's "
                    + settings.profile().digitBits());
        }
        byte[] header = header(settings).getBytes(StandardCharsets.UTF_8);
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        Path directory = out.toAbsolutePath().getParent();
        FileAttribute<?>[] ownerOnly = Files.getFileAttributeView(directory, PosixFileAttributeView.class) == null
                ? new FileAttribute<?>[0]
                : new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
        FileChannel channel = FileChannel.open(out, options, ownerOnly);
        // from here on the file is ours: a failure removes it, never a file that was there before
        boolean written = false;
        try (channel; FileChannel padFile = FileChannel.open(pad.file(), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.wrap(header);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            long size = padFile.size();
            for (long copied = 0; copied < size; ) {
                copied += padFile.transferTo(copied, size - copied, channel);
            }
            channel.force(true);
            written = true;
        } finally {
            if (!written) {
                Files.deleteIfExists(out);
            }
        }
        try (FileChannel directoryChannel = FileChannel.open(directory, StandardOpenOption.READ)) {
            directoryChannel.force(true);
        }
    }

    /** The header text of these settings, {@code end} line included. */
    static String header(BundleSettings settings) {
        Profile profile = settings.profile();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("door", settings.door());
        values.put("label", settings.label());
        values.put("host", settings.host());
        values.put("services", String.join(",", settings.services().stream().map(String::valueOf).toList()));
        values.put("scheme", profile.scheme() == Scheme.RAW ? "raw" : "sealed");
        values.put("protocol", profile.transport().keyword());
        values.put("base_port", Integer.toString(profile.base()));
        values.put("digit_bits", Integer.toString(profile.digitBits()));
        values.put("command_digits", Integer.toString(profile.commandDigits()));
        values.put("tag_digits", Integer.toString(profile.tagDigits()));
        values.put("hint_digits", Integer.toString(profile.hintDigits()));
        values.put("window", Integer.toString(profile.window()));
        values.put("bind_source", profile.sourceBinding() == SourceBinding.BIND ? "yes" : "no");
        values.put("seq_timeout", Long.toString(profile.sequenceTimeout().toSeconds()));
        if (profile.acceptWeakness()) {
            values.put("accept_weakness", "yes");
        }
        StringBuilder text = new StringBuilder(MAGIC + " " + VERSION + "\n");
        text.append("# a portknock client bundle: knock send --bundle FILE; the pad follows the end line\n");
        values.forEach((key, value) -> text.append(String.format(Locale.ROOT, "%-14s = %s\n", key, value)));
        return text.append(END).append('\n').toString();
    }

    /** The bytes up to and including the {@code end} line, after checking the first line. */
    private static int headerLength(byte[] start, String source) throws ConfigException {
        Location first = new Location(source, 1);
        if (start.length >= PAD_MAGIC.length && Arrays.equals(start, 0, PAD_MAGIC.length, PAD_MAGIC, 0,
                PAD_MAGIC.length)) {
            throw new ConfigException(first, "this is a pad file, not a client bundle: give it as a pad");
        }
        int newline = indexOf(start, 0, (byte) '\n');
        String line = new String(start, 0, newline < 0 ? Math.min(start.length, 64) : Math.min(newline, 64),
                StandardCharsets.ISO_8859_1);
        Matcher matcher = FIRST_LINE.matcher(line);
        if (!matcher.matches()) {
            throw new ConfigException(first, "not a client bundle: the first line must be '" + MAGIC + " " + VERSION
                    + "'");
        }
        if (!matcher.group(1).equals(Integer.toString(VERSION))) {
            throw new ConfigException(first, "bundle format " + matcher.group(1) + " is not supported: this knock "
                    + "reads format " + VERSION);
        }
        byte[] endLine = ("\n" + END + "\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = Math.max(newline, 0); i + endLine.length <= start.length; i++) {
            if (Arrays.equals(start, i, i + endLine.length, endLine, 0, endLine.length)) {
                return i + endLine.length;
            }
        }
        int lastLine = 1 + (int) new String(start, StandardCharsets.ISO_8859_1).chars().filter(c -> c == '\n').count();
        if (start.length < MAX_HEADER) {
            throw new ConfigException(new Location(source, lastLine), "truncated: the file ends before the header's '"
                    + END + "' line");
        }
        throw new ConfigException(new Location(source, lastLine), "the header has no '" + END + "' line within "
                + MAX_HEADER + " bytes");
    }

    private static String decode(byte[] bytes, int length, String source) throws ConfigException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(new Location(source, 1), "the header is not utf-8 text");
        }
    }

    /** The header's {@code key = value} lines between the first line and {@code end}. */
    private static Map<String, Sections.Entry> entries(List<ConfigText.Line> lines, String source)
            throws ConfigException {
        return KeyValueLines.read(lines.subList(1, lines.size() - 1), source, (key, location) -> {
            if (!KEY.matcher(key).matches() || !(REQUIRED.contains(key) || OPTIONAL.contains(key))) {
                throw new ConfigException(location, "unknown key '" + Sections.excerpt(key) + "' in a format "
                        + VERSION + " bundle");
            }
            return key;
        });
    }

    private static BundleSettings settings(Map<String, Sections.Entry> entries, Location end) throws ConfigException {
        for (String key : REQUIRED) {
            if (!entries.containsKey(key)) {
                throw new ConfigException(end, "the header lacks '" + key + "'");
            }
        }
        Sections.Entry scheme = entries.get("scheme");
        Profile.Builder builder = Profile.builder()
                .scheme(switch (Values.text(scheme)) {
                    case "sealed" -> Scheme.SEALED;
                    case "raw" -> Scheme.RAW;
                    default -> throw Values.error(scheme, "unknown scheme '" + Sections.excerpt(scheme.value())
                            + "'; expected sealed or raw");
                })
                .transport(Values.transport(entries.get("protocol")))
                .base(Values.number(entries.get("base_port")))
                .digitBits(Values.number(entries.get("digit_bits")))
                .commandDigits(Values.number(entries.get("command_digits")))
                .tagDigits(Values.number(entries.get("tag_digits")))
                .hintDigits(Values.number(entries.get("hint_digits")))
                .window(Values.number(entries.get("window")))
                .sourceBinding(Values.bool(entries.get("bind_source")) ? SourceBinding.BIND : SourceBinding.NONE)
                .sequenceTimeout(Values.seconds(entries.get("seq_timeout")));
        Optional<Sections.Entry> weak = Optional.ofNullable(entries.get("accept_weakness"));
        if (weak.isPresent() && Values.bool(weak.get())) {
            builder.acceptWeakness();
        }
        Profile profile;
        try {
            profile = builder.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(end, "the header's profile is not valid: " + e.getMessage());
        }
        try {
            return new BundleSettings(Values.text(entries.get("door")), Values.text(entries.get("label")),
                    Values.text(entries.get("host")), Values.numbers(entries.get("services")), profile);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(end, "the header is not valid: " + e.getMessage());
        }
    }

    private static void refuseAccessibleByOthers(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return; // no owner/group/other bits to check on this file system
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            throw new IOException("bundle " + file + " is accessible by group or others (mode "
                    + PosixFilePermissions.toString(permissions) + "): it holds a pad; run chmod go-rwx " + file);
        }
    }

    private static int indexOf(byte[] bytes, int from, byte wanted) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
