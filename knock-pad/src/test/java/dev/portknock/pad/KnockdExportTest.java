package dev.portknock.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portknock.core.Profile;
import dev.portknock.core.Scheme;
import dev.portknock.core.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** knockd one_time_sequences export for raw doors. */
class KnockdExportTest {
    @TempDir
    Path dir;

    Profile raw(Transport transport) {
        return Profile.builder().scheme(Scheme.RAW).commandDigits(0).tagDigits(2).base(40000).transport(transport)
                .acceptWeakness().build();
    }

    Pad pad() throws IOException {
        return TestPads.fromDigits(dir.resolve("k.pad"), TestPads.idOf("k"), 12, new int[] {1, 2, 3, 4, 5, 6, 7});
    }

    @Test
    void udpDoorsGetUdpSuffixesFromTheCursorOn() throws IOException {
        Path target = dir.resolve("seq");
        assertEquals(2, KnockdExport.write(target, raw(Transport.UDP), pad(), 1));
        assertEquals(" 40003:udp,40004:udp\n 40005:udp,40006:udp\n", Files.readString(target));
    }

    @Test
    void tcpDoorsGetBarePorts() throws IOException {
        Path target = dir.resolve("seq");
        KnockdExport.write(target, raw(Transport.TCP), pad(), 0);
        assertEquals(" 40001,40002\n 40003,40004\n 40005,40006\n", Files.readString(target));
    }

    @Test
    void anExistingFileIsReplacedWhole() throws IOException {
        Path target = dir.resolve("seq");
        Files.writeString(target, "old content that is longer than the new one\n".repeat(10));
        KnockdExport.write(target, raw(Transport.TCP), pad(), 2);
        assertEquals(" 40005,40006\n", Files.readString(target));
    }

    @Test
    void sealedDoorsCannotBeExported() throws IOException {
        Pad pad = pad();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KnockdExport.write(dir.resolve("seq"), Profile.defaults(), pad, 0));
        assertEquals("knockd one-time sequences need a raw profile without command digits", e.getMessage());
    }
}
