package dev.portknock.examples.cli;

import static dev.portknock.examples.cli.NamespacePair.onPath;
import static dev.portknock.examples.cli.NamespacePair.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portknock.examples.logging.UnixDatagramReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code knock server} as a drop-in for knockd: Debian's own {@code /etc/knockd.conf}, byte for
 * byte as the installed knockd package ships it, served with no option but {@code -c} (so on
 * knockd's default interface, eth0) in a network namespace whose interface is named eth0, and
 * knocked by knockd's {@code knock} client from a second namespace. The file's commands run
 * {@code /sbin/iptables} in the server's namespace; the test reads the INPUT chain after knockd's
 * open, close and re-open knocks. The file's {@code UseSyslog} gets a {@code /dev/log} of the
 * test's own: the server runs in a mount namespace whose {@code /dev} is a directory of the test
 * (the few device nodes a JVM needs, bound from the host, and the test's socket as {@code log}),
 * so the host's {@code /dev} is never touched. Needs root, iproute2, util-linux, libpcap, iptables
 * and knockd (apt-get install -y knockd iptables libpcap0.8 iproute2).
 */
@Tag("system")
class DebianKnockdConfSystemTest {
    private static final Path DEBIAN_CONF = Path.of("/etc/knockd.conf");
    private static final String CLIENT_ADDRESS = "192.0.2.1";
    private static final String SERVER_ADDRESS = "192.0.2.2";
    private static NamespacePair namespaces;
    /** What Debian's openSSH command adds, as iptables -S prints it. */
    private static final String SSH_RULE = "-A INPUT -s " + CLIENT_ADDRESS + "/32 -p tcp -m tcp --dport 22 -j ACCEPT";

    @TempDir
    Path dir;

    @BeforeAll
    static void createNamespaces() throws Exception {
        assertEquals("0", run(List.of("id", "-u")).strip(), "this test needs root (network and mount namespaces)");
        for (String tool : List.of("ip", "knock", "knockd", "unshare", "iptables", "dpkg-query")) {
            assertTrue(onPath(tool), tool + " is missing: apt-get install -y knockd iptables iproute2");
        }
        // knockd's default interface: the server side of the pair is eth0 in its namespace
        namespaces = NamespacePair.create("pkdeb", CLIENT_ADDRESS, SERVER_ADDRESS, "eth0");
    }

    @AfterAll
    static void deleteNamespaces() throws Exception {
        if (namespaces != null) {
            namespaces.delete();
        }
    }

    @Test
    void debiansKnockdConfOpensClosesAndReopensSshWithIptables() throws Exception {
        Path config = dir.resolve("knockd.conf");
        Files.copy(DEBIAN_CONF, config);
        assertEquals(packagedMd5(), md5(config), "/etc/knockd.conf is the knockd package's, unchanged");
        Path dev = Files.createDirectory(dir.resolve("dev"));
        Path output = dir.resolve("server.out");
        try (UnixDatagramReceiver syslog = UnixDatagramReceiver.bind(dev.resolve("log"))) {
            Process server = startServer(config, dev, output);
            try {
                waitFor(() -> Poll.read(output).contains("knock server: serving 3 door(s) from " + config), "the server",
                        server, output);
                assertFalse(inputRules().contains(SSH_RULE), "no rule before any knock");

                knock("7000", "8000", "9000");
                waitFor(() -> inputRules().contains(SSH_RULE), "openSSH to add the rule", server, output);
                knock("9000", "8000", "7000");
                waitFor(() -> !inputRules().contains(SSH_RULE), "closeSSH to delete the rule", server, output);
                knock("7000", "8000", "9000");
                waitFor(() -> inputRules().contains(SSH_RULE), "openSSH to add the rule again", server, output);

                assertTrue(syslog.receiveText().contains("knock["), "UseSyslog sent the server's lines to /dev/log");
            } finally {
                server.destroy();
                if (!server.waitFor(15, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
        }
    }

    /**
     * The server, in a mount namespace whose /dev is the test's directory (device nodes bound from
     * the host, the test's syslog socket as log), then in the server's network namespace.
     */
    private static Process startServer(Path config, Path dev, Path output) throws IOException {
        String script = "set -e\nd=\"$1\"\nshift\nfor n in null zero full random urandom; do touch \"$d/$n\"; "
                + "mount --bind \"/dev/$n\" \"$d/$n\"; done\nmount --rbind \"$d\" /dev\nexec \"$@\"\n";
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                script, "sh", dev.toString(), "ip", "netns", "exec", namespaces.server()));
        command.addAll(ServerProcessTest.javaCommand("server", "-c", config.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    private static void knock(String... ports) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespaces.client(), "knock", SERVER_ADDRESS));
        command.addAll(List.of(ports));
        run(command);
    }

    private static String inputRules() {
        try {
            return run(List.of("ip", "netns", "exec", namespaces.server(), "iptables", "-S", "INPUT"));
        } catch (Exception e) {
            throw new AssertionError("iptables -S INPUT failed", e);
        }
    }

    /** The md5 dpkg recorded for /etc/knockd.conf when the package was installed. */
    private static String packagedMd5() throws Exception {
        for (String line : run(List.of("dpkg-query", "-W", "-f=${Conffiles}\\n", "knockd")).split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length >= 2 && fields[0].equals(DEBIAN_CONF.toString())) {
                return fields[1];
            }
        }
        throw new AssertionError("the knockd package lists no " + DEBIAN_CONF);
    }

    private static String md5(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
    }

    private static void waitFor(BooleanSupplier condition, String what, Process server, Path output)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            if (!server.isAlive()) {
                throw new AssertionError("the server exited (" + server.exitValue() + ") while waiting for " + what
                        + ":\n" + Poll.read(output));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what + ":\n" + Poll.read(output));
            }
            Thread.sleep(50);
        }
    }
}
