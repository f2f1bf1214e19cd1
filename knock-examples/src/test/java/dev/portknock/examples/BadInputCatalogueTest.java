package dev.portknock.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.core.CommandSchema;
import dev.portknock.core.FixedSequence;
import dev.portknock.core.PacketEvent;
import dev.portknock.core.PortRange;
import dev.portknock.core.Profile;
import dev.portknock.core.Scheme;
import dev.portknock.core.SourceBinding;
import dev.portknock.core.TcpFlagFilter;
import dev.portknock.core.Transport;
import dev.portknock.examples.config.BundleFormat;
import dev.portknock.examples.config.BundleSettings;
import dev.portknock.examples.config.ConfigException;
import dev.portknock.examples.config.ClientConfigParser;
import dev.portknock.examples.config.ServerConfigParser;
import dev.portknock.pad.DoorVerifier;
import dev.portknock.pad.FilePadStateStore;
import dev.portknock.pad.MissingStateException;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadFormatException;
import dev.portknock.pad.PadGenerator;
import dev.portknock.pad.PadId;
import dev.portknock.pad.PadState;
import dev.portknock.pad.Side;
import dev.portknock.pad.TestPads;
import dev.portknock.spi.CaptureSpec;
import dev.portknock.spi.LaunchRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad file, packet, argument and configuration the project refuses, with the exact
 * message it is refused with. For each: the documented exception and nothing else, and nothing
 * written (every file under the test's directory, pads and state included, is byte for byte what
 * it was before the refused operation).
 *
 * <p>A {@code {dir}} in an expected message stands for the test's directory. New rejections
 * belong here as one more row.
 */
class BadInputCatalogueTest {
    private static final PadId PAD = TestPads.idOf("catalogue");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final InetAddress SOURCE = address("192.0.2.7");
    private static final InetAddress SERVER = address("198.51.100.1");
    /** A weak raw profile of 4-bit digits: knocks of A + M = 2 + 3 digits. */
    private static final Profile WEAK_RAW = Profile.builder().scheme(Scheme.RAW).digitBits(4).tagDigits(2)
            .window(4).sourceBinding(SourceBinding.NONE).acceptWeakness().build();

    @TempDir
    Path dir;

    /** An operation on outside input that must be refused; it may set up files in its directory first. */
    @FunctionalInterface
    interface Refused {
        /** Sets up what the operation needs and returns the operation itself. */
        Operation prepare(Path dir) throws Exception;
    }

    /** The refused operation. */
    @FunctionalInterface
    interface Operation {
        void run() throws Exception;
    }

    /** One row: what is bad, how it must be refused. */
    record Row(String kind, String what, Class<? extends Exception> refusedAs, String message, Refused refused) {
    }

    static List<Row> catalogue() {
        return List.of(
                // pad files (PROTOCOL.md §4)
                pad("bad magic", bytes -> bytes[0] = 'X', "bad magic: not a pad file"),
                pad("unknown version", bytes -> bytes[9] = 2, "unknown format version 2, expected 1"),
                pad("digit bits below range", bytes -> bytes[10] = 3, "digit bits 3 out of range 4..15"),
                pad("digit bits above range", bytes -> bytes[10] = 16, "digit bits 16 out of range 4..15"),
                pad("non-zero reserved byte", bytes -> bytes[11] = 1, "reserved byte is 1, must be 0"),
                pad("count larger than the material", bytes -> bytes[35] = 11,
                        "truncated material: 11 digits of 12 bits need 17 bytes, found 15"),
                pad("count larger than any file", bytes -> bytes[28] = (byte) 0xFF,
                        "digit count 18374686479671623690 is larger than any file"),
                pad("damaged material", bytes -> bytes[70] ^= 1, "checksum mismatch: the material is damaged"),
                pad("damaged checksum", bytes -> bytes[40] ^= 1, "checksum mismatch: the material is damaged"),
                padFile("truncated header", valid -> Arrays.copyOf(valid, 50),
                        "truncated header: 50 bytes, a pad file needs at least 68"),
                padFile("empty file", valid -> new byte[0], "truncated header: 0 bytes, a pad file needs at least 68"),
                padFile("truncated material", valid -> Arrays.copyOf(valid, 82),
                        "truncated material: 10 digits of 12 bits need 15 bytes, found 14"),
                padFile("trailing bytes", valid -> Arrays.copyOf(valid, 84),
                        "trailing bytes: 10 digits of 12 bits need 15 bytes, found 16"),
                padFile("non-zero unused bits", valid -> resealedPad(fiveBitPad(), 69, (byte) 1),
                        "unused bits of the final byte are not 0"),
                padFile("garbage", valid -> random(500, 3), "bad magic: not a pad file"),
                new Row("pad file", "generated over an existing pad", FileAlreadyExistsException.class,
                        "{dir}/door.pad: refusing to overwrite", d -> {
                            Files.write(d.resolve("door.pad"), validPad());
                            return () -> PadGenerator.secureRandom().generate(d.resolve("door.pad"), 12, 10,
                                    PadGenerator.Progress.NONE);
                        }),

                // state files
                state("torn", valid -> Arrays.copyOf(valid, 40), "truncated state: 40 bytes, expected 89"),
                state("trailing bytes", valid -> Arrays.copyOf(valid, 90), "trailing bytes: 90 bytes, expected 89"),
                state("garbage", valid -> random(89, 5), "bad magic: not a state file"),
                state("a flipped bit", valid -> flipped(valid, 30), "checksum mismatch: the state file is torn or damaged"),
                state("unknown version", valid -> resealedState(valid, 9, (byte) 2),
                        "unknown state format version 2, expected 1"),
                state("the other side's state", valid -> resealedState(valid, 10, (byte) 1),
                        "state is not for the server side (side byte 1)"),
                state("non-zero reserved byte", valid -> resealedState(valid, 11, (byte) 7), "reserved byte is 7, must be 0"),
                state("a foreign pad's state", valid -> resealedState(valid, 12, (byte) (valid[12] ^ 0xFF)),
                        "pad id mismatch: state belongs to pad " + foreignId() + ", not " + PAD),
                state("negative cursor", valid -> resealedState(valid, 28, (byte) 0x80), "negative cursor or failure count"),
                state("bad last use flag", valid -> resealedState(valid, 44, (byte) 2), "last use flag is 2, must be 0 or 1"),

                // profiles and other arguments
                argument("digit bits", () -> Profile.builder().digitBits(3).build(), "digit bits must be in 4..15: 3"),
                argument("base port", () -> Profile.builder().base(0).build(), "base port must be at least 1: 0"),
                argument("port range", () -> Profile.builder().base(65000).build(), "port range 65000..69095 passes 65535"),
                argument("command digits", () -> Profile.builder().commandDigits(-1).build(),
                        "command digits must not be negative: -1"),
                argument("tag digits", () -> Profile.builder().tagDigits(0).build(), "tag digits must be at least 1: 0"),
                argument("window", () -> Profile.builder().window(0).build(), "window must be in 1..4096: 0"),
                argument("sequence timeout", () -> Profile.builder().sequenceTimeout(Duration.ZERO).build(),
                        "sequence timeout must be positive: PT0S"),
                argument("weak profile", () -> Profile.builder().scheme(Scheme.RAW).digitBits(4).tagDigits(2).window(4)
                        .build(), "profile allows forgery with probability 2^-6.0 per attempt, weaker than 2^-32;"
                        + " accept the weakness explicitly to use it"),
                new Row("argument", "option set twice", IllegalStateException.class, "window already set to 8",
                        d -> () -> Profile.builder().window(8).window(16)),
                argument("pad id", () -> PadId.parse("xyz"), "pad id must be 32 hexadecimal digits: 'xyz'"),
                argument("knocks per pad", () -> PadGenerator.digitsFor(Profile.defaults(), 0),
                        "knocks must be at least 1: 0"),
                argument("failure limit", () -> DoorVerifier.builder(Profile.defaults(), new dev.portknock.pad
                        .InMemoryPadStateStore()).failureLimit(0), "failure limit must be at least 1: 0"),
                argument("port range of a capture", () -> new PortRange(0, 10, Transport.UDP, TcpFlagFilter.ANY),
                        "port range must lie in 1..65535: 0..10"),
                argument("capture without ports", () -> CaptureSpec.of(List.of()), "a capture needs at least one port range"),
                argument("launch duration", () -> new LaunchRequest("ssh", 22, SOURCE, Duration.ZERO),
                        "duration must be positive: PT0S"),
                new Row("argument", "pad of other digit bits", IllegalArgumentException.class,
                        "pad " + PAD + " has 12-bit digits, the profile needs 4", d -> {
                            Pad pad = TestPads.fromDigits(d.resolve("door.pad"), PAD, 12, new int[] {1, 2, 3, 4});
                            return () -> DoorVerifier.builder(WEAK_RAW, new FilePadStateStore(d.resolve("state")))
                                    .pads(pad).build();
                        }),

                new Row("pad file", "readable by group or others", IOException.class,
                        "pad file {dir}/door.pad is accessible by group or others (mode 0644): run chmod go-rwx "
                                + "{dir}/door.pad", d -> {
                            Path file = Files.write(d.resolve("door.pad"), validPad());
                            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
                            return () -> Pad.open(file);
                        }),
                new Row("state", "server state missing", MissingStateException.class,
                        "pad " + PAD + " has no server state: for a new pad create it with `knock pad init`; after a "
                                + "lost state or a restored backup move the cursor past every knock that may have been "
                                + "used with `knock pad advance`", d -> {
                            Pad pad = TestPads.fromDigits(d.resolve("door.pad"), PAD, 4, new int[] {1, 2, 3, 4});
                            FilePadStateStore state = new FilePadStateStore(d.resolve("state"));
                            return () -> DoorVerifier.builder(WEAK_RAW, state).pads(pad).build();
                        }),
                new Row("state", "state directory missing", MissingStateException.class,
                        "state directory {dir}/state does not exist", d -> () -> FilePadStateStore.existing(
                                d.resolve("state"))),

                // fixed sequences, tcp flags, commands
                argument("empty sequence", () -> FixedSequence.parse(" "), "a sequence needs at least one port"),
                argument("empty sequence item", () -> FixedSequence.parse("7000,,8000"), "bad port ''"),
                argument("sequence port out of range", () -> FixedSequence.parse("70000"),
                        "port must be in 1..65535: '70000'"),
                argument("sequence protocol", () -> FixedSequence.parse("7000:icmp"),
                        "unknown protocol 'icmp' in '7000:icmp'"),
                argument("signed sequence port", () -> FixedSequence.parse("+7000"), "bad port '+7000'"),
                argument("unknown tcp flag", () -> TcpFlagFilter.parse("syn!"), "unknown tcp flag 'syn!'"),
                argument("tcp flag required and forbidden", () -> TcpFlagFilter.parse("syn,!syn"),
                        "a tcp flag cannot be both required and forbidden"),
                argument("command value count", () -> CommandSchema.DEFAULT.parse("22,60", 4096),
                        "command needs 3 values (service,duration,delay): '22,60'"),
                argument("command value not a number", () -> CommandSchema.DEFAULT.parse("22,sixty,1", 4096),
                        "command value 'sixty' is not a number"),
                argument("command value too large for a digit", () -> CommandSchema.DEFAULT.parse("22,4096,1", 4096),
                        "command value duration=4096 does not fit a digit (0..4095)"),
                argument("command value too large for a number", () -> CommandSchema.DEFAULT.parse("99999999999,0,0", 4096),
                        "command value '99999999999' does not fit a digit (0..4095)"),
                argument("negative command value", () -> CommandSchema.DEFAULT.parse("22,-1,1", 4096),
                        "command value must not be negative: -1"),

                // configurations
                config("unknown key", "[ssh]\nsequence = 1,2\nseq_tim\n", "knockd.conf:3: unknown key 'seq_tim' in [ssh]"),
                config("unclosed section header", "# a\n[openSSH\n", "knockd.conf:2: section header '[openSSH' is missing ']'"),
                config("no door", "[options]\nUseSyslog\n", "knockd.conf:2: configuration has no door section"),
                config("bad number", "[ssh]\nsequence = 1\ncommand = x\nseq_timeout = 5s\n",
                        "knockd.conf:4: bad number '5s' for 'seq_timeout'"),
                config("control character", "[ssh\u0000]\n",
                        "knockd.conf:1: line contains control character U+0000 (binary data?)"),
                config("one-time door without a pad", "[door]\nscheme = raw\ncommand = x\n",
                        "knockd.conf:2: scheme raw needs 'pad'"),
                config("empty section name", "[  ]\n", "knockd.conf:1: empty section name"),
                config("host name for an address", "[door]\npad = p\nstate = s\nservices = 22\ncommand = x\n"
                        + "listen = localhost\n", "knockd.conf:6: 'listen' must be an ip address literal: 'localhost'"),
                new Row("configuration", "file that is not utf-8", ConfigException.class,
                        "{dir}/knockd.conf:3: line is not utf-8 text (binary data?)", d -> {
                            Path file = d.resolve("knockd.conf");
                            Files.write(file, new byte[] {'[', 's', 's', 'h', ']', '\n', 'a', '\n', (byte) 0xFF, '\n'});
                            return () -> ServerConfigParser.parse(file);
                        }),
                clientConfig("server key in a named host", "[gateway]\nsequence = 7000\n",
                        "client.conf:2: unknown key 'sequence' in [gateway]"),
                clientConfig("host that reads as an option", "[gateway]\nhost = -oProxyCommand=x\n",
                        "client.conf:2: 'host' must be a host name or address: '-oProxyCommand=x'"),
                clientConfig("named host outside a stanza", "pad = gw.pad\n",
                        "client.conf:1: 'pad = gw.pad' is outside any section; start with a [host] header"),

                // client bundles (PROTOCOL.md §7)
                bundle("garbage", ConfigException.class, valid -> random(5000, 14),
                        ":1: not a client bundle: the first line must be 'portknock-bundle 1'"),
                bundle("a pad file", ConfigException.class, valid -> validPad(),
                        ":1: this is a pad file, not a client bundle: give it as a pad"),
                bundle("another format version", ConfigException.class, valid -> replaced(valid, "bundle 1", "bundle 7"),
                        ":1: bundle format 7 is not supported: this knock reads format 1"),
                bundle("truncated header", ConfigException.class, valid -> Arrays.copyOf(valid, 40),
                        ":2: truncated: the file ends before the header's 'end' line"),
                bundle("oversized header", ConfigException.class,
                        valid -> replaced(valid, "\nend\n", "\n" + "#".repeat(100) + "\n".repeat(50) + "x\n".repeat(2000)
                                + "end\n"), ":1838: the header has no 'end' line within 4096 bytes"),
                bundle("truncated pad", PadFormatException.class, valid -> Arrays.copyOf(valid, valid.length - 1),
                        ": truncated material: 10 digits of 12 bits need 15 bytes, found 14"),
                bundle("bytes after the pad", PadFormatException.class, valid -> Arrays.copyOf(valid, valid.length + 1),
                        ": trailing bytes: 10 digits of 12 bits need 15 bytes, found 16"),
                bundle("unknown key", ConfigException.class, valid -> replaced(valid, "\nwindow ", "\nwindwo "),
                        ":14: unknown key 'windwo' in a format 1 bundle"),
                new Row("client bundle", "readable by group or others", IOException.class,
                        "bundle {dir}/gw.bundle is accessible by group or others (mode rw-r--r--): it holds a pad; run "
                                + "chmod go-rwx {dir}/gw.bundle", d -> {
                            Path file = Files.write(d.resolve("gw.bundle"), validBundle(d));
                            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
                            return () -> BundleFormat.read(file);
                        }),

                // packets and knocks
                argument("destination port", () -> PacketEvent.udp(T0, SOURCE, SERVER, 65536),
                        "destination port must be in 0..65535: 65536"),
                argument("negative destination port", () -> PacketEvent.udp(T0, SOURCE, SERVER, -1),
                        "destination port must be in 0..65535: -1"),
                argument("tcp flags wider than a byte", () -> PacketEvent.tcp(T0, SOURCE, SERVER, 7000, 0x100),
                        "tcp flags must be one byte: 256"),
                knock("knock of the wrong length", new int[] {1, 2, 3, 4}, "knock must have 5 digits: 4"),
                knock("knock digit out of range", new int[] {1, 2, 3, 4, 16}, "knock digit out of range 0..15"));
    }

    @TestFactory
    Stream<DynamicTest> everyBadInputIsRefusedWithItsMessageAndWritesNothing() {
        List<Row> rows = catalogue();
        return IntStream.range(0, rows.size()).mapToObj(i -> {
            Row row = rows.get(i);
            return DynamicTest.dynamicTest(row.kind() + ": " + row.what(), () -> check(row, dir.resolve("case-" + i)));
        });
    }

    private static void check(Row row, Path directory) throws Exception {
        Path root = Files.createDirectory(directory);
        Operation operation = row.refused().prepare(root);
        Map<String, String> before = snapshot(root);
        Exception refusal = assertThrows(row.refusedAs(), operation::run);
        assertEquals(row.refusedAs(), refusal.getClass(), "exactly the documented exception");
        assertEquals(row.message().replace("{dir}", root.toString()), refusal.getMessage());
        assertEquals(before, snapshot(root), "nothing written");
    }

    private static Row argument(String what, Operation operation, String message) {
        return new Row("argument", what, IllegalArgumentException.class, message, d -> operation);
    }

    private static Row config(String what, String text, String message) {
        return new Row("configuration", what, ConfigException.class, message,
                d -> () -> ServerConfigParser.parse(text, "knockd.conf", d));
    }

    private static Row clientConfig(String what, String text, String message) {
        return new Row("client configuration", what, ConfigException.class, message,
                d -> () -> ClientConfigParser.parse(text, "client.conf", d, d));
    }

    @FunctionalInterface
    private interface Damage {
        void apply(byte[] bytes);
    }

    @FunctionalInterface
    private interface Replace {
        byte[] apply(byte[] valid) throws IOException;
    }

    /** A valid pad file changed in place; the pad is opened. */
    private static Row pad(String what, Damage damage, String problem) {
        return padFile(what, valid -> {
            byte[] bytes = valid.clone();
            damage.apply(bytes);
            return bytes;
        }, problem);
    }

    private static Row padFile(String what, Replace content, String problem) {
        return new Row("pad file", what, PadFormatException.class, "{dir}/door.pad: " + problem, d -> {
            Path file = d.resolve("door.pad");
            Files.write(file, content.apply(validPad()));
            // a pad others may read is refused before its bytes are looked at
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return () -> Pad.open(file);
        });
    }

    /** A valid client bundle (of {@link #validPad()}) replaced by bad bytes; the bundle is read. */
    private static Row bundle(String what, Class<? extends Exception> refusedAs, Replace content, String problem) {
        return new Row("client bundle", what, refusedAs, "{dir}/gw.bundle" + problem, d -> {
            Path file = d.resolve("gw.bundle");
            Files.write(file, content.apply(validBundle(d)));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return () -> BundleFormat.read(file);
        });
    }

    /** The bytes of a bundle of the default profile holding {@link #validPad()}, made in a scratch directory. */
    private static byte[] validBundle(Path directory) throws IOException {
        Path scratch = Files.createTempDirectory(directory.getParent(), "bundle");
        Path padFile = Files.write(scratch.resolve("door.pad"), validPad());
        Files.setPosixFilePermissions(padFile, PosixFilePermissions.fromString("rw-------"));
        Path bundle = scratch.resolve("gw.bundle");
        BundleFormat.write(bundle, new BundleSettings("ssh", "gw", "gateway.example", List.of(22), Profile.defaults()),
                Pad.open(padFile));
        return Files.readAllBytes(bundle);
    }

    /** The bytes with the first {@code from} (ASCII) replaced by {@code to}. */
    private static byte[] replaced(byte[] bytes, String from, String to) {
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        return text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to))
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * A valid server state file of {@link #PAD} replaced by bad bytes; the operation is a
     * compare-and-set, which must refuse the file instead of overwriting it.
     */
    private static Row state(String what, Replace content, String problem) {
        return new Row("state file", what, PadFormatException.class,
                "{dir}/state/" + PAD + ".server.state: " + problem, d -> {
                    FilePadStateStore store = new FilePadStateStore(d.resolve("state"));
                    PadState fresh = PadState.fresh(PAD, Side.SERVER);
                    PadState used = fresh.advancedTo(17, T0).withFailures(1, T0);
                    store.compareAndSet(fresh, used);
                    Path file = store.fileOf(PAD, Side.SERVER);
                    Files.write(file, content.apply(Files.readAllBytes(file)));
                    return () -> store.compareAndSet(used, used.advancedTo(18, T0));
                });
    }

    /** A knock of bad digits offered to a raw door whose cursor lives in a state file. */
    private static Row knock(String what, int[] knock, String message) {
        return new Row("packet", what, IllegalArgumentException.class, message, d -> {
            Pad pad = TestPads.fromSeed(d, "catalogue", 4, 64);
            FilePadStateStore state = new FilePadStateStore(d.resolve("state"));
            state.create(PadState.fresh(pad.id(), Side.SERVER));
            DoorVerifier verifier = DoorVerifier.builder(WEAK_RAW, state).pads(pad).build();
            return () -> verifier.verify(knock, SOURCE);
        });
    }

    /** The pad file of PROTOCOL.md §6's "pad-file" digits: 10 digits of 12 bits, 83 bytes. */
    private static byte[] validPad() throws IOException {
        return padBytes(12, dev.portknock.core.TestDigits.of("pad-file", 12, 10));
    }

    /** A pad of three 5-bit digits: 15 bits in 2 bytes, the last bit unused. */
    private static byte[] fiveBitPad() throws IOException {
        return padBytes(5, new int[] {31, 0, 15});
    }

    private static byte[] padBytes(int digitBits, int[] digits) throws IOException {
        Path scratch = Files.createTempDirectory("catalogue-pad");
        Path file = scratch.resolve("valid.pad");
        try {
            TestPads.fromDigits(file, PAD, digitBits, digits);
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
            Files.delete(scratch);
        }
    }

    /** Changes one byte of a pad file and recomputes its checksum, so a later check is the one that fires. */
    private static byte[] resealedPad(byte[] pad, int offset, byte value) {
        byte[] changed = pad.clone();
        changed[offset] |= value;
        System.arraycopy(sha256(Arrays.copyOfRange(changed, 68, changed.length)), 0, changed, 36, 32);
        return changed;
    }

    /** Changes one byte of a state file and recomputes its checksum over the first 57 bytes. */
    private static byte[] resealedState(byte[] state, int offset, byte value) {
        byte[] changed = state.clone();
        changed[offset] = value;
        System.arraycopy(sha256(Arrays.copyOf(changed, 57)), 0, changed, 57, 32);
        return changed;
    }

    /** {@link #PAD} with its first byte inverted, as {@code state("a foreign pad's state")} writes it. */
    private static PadId foreignId() {
        byte[] bytes = PAD.bytes();
        bytes[0] ^= (byte) 0xFF;
        return new PadId(bytes);
    }

    private static byte[] flipped(byte[] bytes, int offset) {
        byte[] changed = bytes.clone();
        changed[offset] ^= 4;
        return changed;
    }

    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Every regular file under a directory, by relative path, with the SHA-256 of its bytes. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString(), HexFormat.of().formatHex(sha256(Files.readAllBytes(file))));
            }
        }
        return files;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
