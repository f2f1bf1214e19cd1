package dev.portknock.examples.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.core.Profile;
import dev.portknock.core.Transport;
import dev.portknock.pad.Pad;
import dev.portknock.pad.PadFormatException;
import dev.portknock.pad.PadGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client bundle, format 1 (PROTOCOL.md §7): what is written, what is read, what is refused. */
class BundleFormatTest {
    private static final Profile PROFILE = Profile.builder().base(30000).digitBits(10).transport(Transport.TCP)
            .tagDigits(6).hintDigits(2).window(32).build();
    private static final BundleSettings SETTINGS =
            new BundleSettings("ssh", "alice-laptop", "gateway.example", List.of(22, 443), PROFILE);
    private static final String HEADER = """
            portknock-bundle 1
            # a portknock client bundle: knock send --bundle FILE; the pad follows the end line
            door           = ssh
            label          = alice-laptop
            host           = gateway.example
            services       = 22,443
            scheme         = sealed
            protocol       = tcp
            base_port      = 30000
            digit_bits     = 10
            command_digits = 3
            tag_digits     = 6
            hint_digits    = 2
            window         = 32
            bind_source    = yes
            seq_timeout    = 10
            end
            """;

    @TempDir
    Path dir;
    private Pad pad;
    private Path bundle;

    @BeforeEach
    void writeBundle() throws IOException {
        Path padFile = dir.resolve("alice.pad");
        PadGenerator.secureRandom().generate(padFile, 10, 150, PadGenerator.Progress.NONE);
        pad = Pad.open(padFile);
        bundle = dir.resolve("alice.bundle");
        BundleFormat.write(bundle, SETTINGS, pad);
    }

    private Path withBytes(byte[] bytes) throws IOException {
        Path file = dir.resolve("edited.bundle");
        Files.deleteIfExists(file);
        Files.write(file, bytes);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private Path withHeader(String header) throws IOException {
        byte[] text = header.getBytes(StandardCharsets.UTF_8);
        byte[] padBytes = Files.readAllBytes(pad.file());
        byte[] bytes = Arrays.copyOf(text, text.length + padBytes.length);
        System.arraycopy(padBytes, 0, bytes, text.length, padBytes.length);
        return withBytes(bytes);
    }

    private String refusal(Path file) {
        return assertThrows(ConfigException.class, () -> BundleFormat.read(file)).getMessage();
    }

    @Test
    void theFileIsTheHeaderThenThePadFileUnchanged() throws IOException {
        byte[] written = Files.readAllBytes(bundle);
        byte[] header = HEADER.getBytes(StandardCharsets.UTF_8);
        assertEquals(HEADER, new String(written, 0, header.length, StandardCharsets.UTF_8));
        assertArrayEquals(Files.readAllBytes(pad.file()), Arrays.copyOfRange(written, header.length, written.length));
    }

    @Test
    void theProtocolsExampleIsThisHeader() throws IOException {
        String protocol = Files.readString(Path.of("..", "docs", "PROTOCOL.md"));
        String section = protocol.substring(protocol.indexOf("## 7. Client bundle"));
        int start = section.indexOf("```\n") + 4;
        assertEquals(HEADER, section.substring(start, section.indexOf("```", start)));
    }

    @Test
    void readingGivesTheSettingsAndThePad() throws IOException, ConfigException {
        ClientBundle read = BundleFormat.read(bundle);
        assertEquals(SETTINGS, read.settings());
        assertEquals(pad.id(), read.pad().id());
        assertArrayEquals(pad.block(3, 15), read.pad().block(3, 15));
    }

    @Test
    void itIsWrittenForItsOwnerOnly() throws IOException {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(bundle)));
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws IOException {
        Path other = Files.writeString(dir.resolve("other"), "keep me");
        assertThrows(FileAlreadyExistsException.class, () -> BundleFormat.write(other, SETTINGS, pad));
        assertEquals("keep me", Files.readString(other));
    }

    @Test
    void aBundleOthersCanReadIsRefusedLikeAPad() throws IOException {
        Files.setPosixFilePermissions(bundle, PosixFilePermissions.fromString("rw-r--r--"));
        IOException e = assertThrows(IOException.class, () -> BundleFormat.read(bundle));
        assertEquals("bundle " + bundle + " is accessible by group or others (mode rw-r--r--): it holds a pad; run "
                + "chmod go-rwx " + bundle, e.getMessage());
    }

    @Test
    void aBundleTheGroupCanWriteIsRefused() throws IOException {
        Files.setPosixFilePermissions(bundle, PosixFilePermissions.fromString("rw--w----"));
        assertThrows(IOException.class, () -> BundleFormat.read(bundle));
    }

    @Test
    void aDirectoryIsRefused() {
        IOException e = assertThrows(IOException.class, () -> BundleFormat.read(dir));
        assertEquals("bundle " + dir + " is not a regular file", e.getMessage());
    }

    @Test
    void garbageIsNotABundle() throws IOException {
        byte[] garbage = new byte[10_000];
        new Random(14).nextBytes(garbage);
        Path file = withBytes(garbage);
        assertEquals(file + ":1: not a client bundle: the first line must be 'portknock-bundle 1'", refusal(file));
    }

    @Test
    void anEmptyFileIsNotABundle() throws IOException {
        Path file = withBytes(new byte[0]);
        assertEquals(file + ":1: not a client bundle: the first line must be 'portknock-bundle 1'", refusal(file));
    }

    @Test
    void aPadFileIsNamedAsSuch() throws IOException {
        Path file = withBytes(Files.readAllBytes(pad.file()));
        assertEquals(file + ":1: this is a pad file, not a client bundle: give it as a pad", refusal(file));
    }

    @Test
    void anotherFormatVersionIsRefused() throws IOException {
        Path file = withHeader(HEADER.replace("portknock-bundle 1", "portknock-bundle 2"));
        assertEquals(file + ":1: bundle format 2 is not supported: this knock reads format 1", refusal(file));
    }

    @Test
    void aFileTruncatedInTheHeaderIsRefused() throws IOException {
        byte[] whole = Files.readAllBytes(bundle);
        Path file = withBytes(Arrays.copyOf(whole, HEADER.indexOf("window")));
        assertEquals(file + ":14: truncated: the file ends before the header's 'end' line", refusal(file));
    }

    @Test
    void aFileTruncatedInThePadIsRefused() throws IOException {
        byte[] whole = Files.readAllBytes(bundle);
        Path file = withBytes(Arrays.copyOf(whole, whole.length - 1));
        PadFormatException e = assertThrows(PadFormatException.class, () -> BundleFormat.read(file));
        assertEquals(file + ": truncated material: 150 digits of 10 bits need 188 bytes, found 187", e.getMessage());
    }

    @Test
    void bytesAfterThePadAreRefused() throws IOException {
        byte[] whole = Files.readAllBytes(bundle);
        Path file = withBytes(Arrays.copyOf(whole, whole.length + 1));
        PadFormatException e = assertThrows(PadFormatException.class, () -> BundleFormat.read(file));
        assertEquals(file + ": trailing bytes: 150 digits of 10 bits need 188 bytes, found 189", e.getMessage());
    }

    @Test
    void anOversizedHeaderIsRefused() throws IOException {
        Path file = withHeader(HEADER.replace("end\n", "# padding\n".repeat(500) + "end\n"));
        assertEquals(file + ":384: the header has no 'end' line within 4096 bytes", refusal(file));
    }

    @Test
    void aDamagedPadIsRefused() throws IOException {
        byte[] whole = Files.readAllBytes(bundle);
        whole[whole.length - 5] ^= 1;
        Path file = withBytes(whole);
        PadFormatException e = assertThrows(PadFormatException.class, () -> BundleFormat.read(file));
        assertEquals(file + ": checksum mismatch: the material is damaged", e.getMessage());
    }

    @Test
    void anUnknownKeyIsRefusedAtItsLine() throws IOException {
        Path file = withHeader(HEADER.replace("window ", "windwo "));
        assertEquals(file + ":14: unknown key 'windwo' in a format 1 bundle", refusal(file));
    }

    @Test
    void aRepeatedKeyIsRefused() throws IOException {
        Path file = withHeader(HEADER.replace("end\n", "base_port = 40000\nend\n"));
        assertEquals(file + ":17: duplicate key 'base_port', first set at line 9", refusal(file));
    }

    @Test
    void aMissingKeyIsRefused() throws IOException {
        Path file = withHeader(HEADER.replace("protocol       = tcp\n", ""));
        assertEquals(file + ":16: the header lacks 'protocol'", refusal(file));
    }

    @Test
    void aBadValueIsRefusedAtItsLine() throws IOException {
        Path file = withHeader(HEADER.replace("= 30000", "= 3e4"));
        assertEquals(file + ":9: bad number '3e4' for 'base_port'", refusal(file));
    }

    @Test
    void aProfileTheCoreRefusesIsRefused() throws IOException {
        Path file = withHeader(HEADER.replace("base_port      = 30000", "base_port      = 65000"));
        assertEquals(file + ":17: the header's profile is not valid: port range 65000..66023 passes 65535",
                refusal(file));
    }

    @Test
    void aPadOfOtherDigitBitsIsRefused() throws IOException {
        Path file = withHeader(HEADER.replace("digit_bits     = 10", "digit_bits     = 12"));
        assertEquals(file + ":1: the bundle's pad does not fit its header: the pad's digits have 10 bits, the door's 12",
                refusal(file));
    }

    @Test
    void controlCharactersInTheHeaderAreRefused() throws IOException {
        Path file = withHeader(HEADER.replace("gateway.example", "gateway\u0007example"));
        assertEquals(file + ":5: line contains control character U+0007 (binary data?)", refusal(file));
    }
}
