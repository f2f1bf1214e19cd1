package dev.portknock.examples.crash;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * How the harness starts a JVM running the {@code knock} command line: the test JVM's class path
 * (surefire runs before {@code package}, so knock.jar may not exist yet) with its directories
 * packed into jars, and flags that start a short-lived JVM cheaply. Jars alone make an application
 * class-data-sharing archive possible (the JVM refuses to archive from directories); with one,
 * each of the campaign's hundreds of starts skips loading and verifying the same classes.
 *
 * @param java the java launcher
 * @param classPath the class path, jars only
 * @param flags JVM flags
 */
record JvmImage(String java, String classPath, List<String> flags) {
    private static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-XX:-UsePerfData", "-Xshare:auto");
    private static final String MAIN = "dev.portknock.examples.cli.Main";

    JvmImage {
        flags = List.copyOf(flags);
    }

    /** The test JVM's class path, each directory on it packed into a jar in {@code jars}. */
    static JvmImage ofTestClassPath(Path jars) throws IOException {
        Files.createDirectories(jars);
        List<String> entries = new ArrayList<>();
        String[] classPath = System.getProperty("java.class.path").split(File.pathSeparator);
        for (int i = 0; i < classPath.length; i++) {
            Path entry = Path.of(classPath[i]);
            if (Files.isDirectory(entry)) {
                Path jar = jars.resolve(i + ".jar");
                pack(entry, jar);
                entries.add(jar.toString());
            } else if (Files.exists(entry)) {
                entries.add(entry.toString());
            }
        }
        return new JvmImage(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                String.join(File.pathSeparator, entries), FAST_START);
    }

    /** This image writing the classes it loaded to {@code archive} when the JVM exits. */
    JvmImage dumpingTo(Path archive) {
        return withFlag("-XX:ArchiveClassesAtExit=" + archive);
    }

    /**
     * This image keeping its temporary files in {@code directory}: a server killed during its
     * verification warm-up leaves the scratch directory there, for the test's own directory to
     * take away, rather than in the machine's {@code /tmp}.
     */
    JvmImage temporaryFilesIn(Path directory) {
        return withFlag("-Djava.io.tmpdir=" + directory);
    }

    /** This image mapping the classes of {@code archive} (a JVM that cannot use it starts without). */
    JvmImage sharing(Path archive) {
        return withFlag("-XX:SharedArchiveFile=" + archive);
    }

    /** The command line of {@code knock ARGS...}. */
    List<String> knock(String... args) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(flags);
        command.add("-cp");
        command.add(classPath);
        command.add(MAIN);
        command.addAll(List.of(args));
        return command;
    }

    /**
     * This image logging every verdict of {@code knock server}: the server reports knocks refused
     * for a service the door does not offer (which replays of old knocks mostly are) one by one only
     * at debug level, and the harness counts verdicts line by line.
     */
    JvmImage loggingEveryVerdict() {
        return withFlag("-Dorg.slf4j.simpleLogger.log.dev.portknock.runtime.KnockServer=debug");
    }

    private JvmImage withFlag(String flag) {
        List<String> more = new ArrayList<>(flags);
        more.add(flag);
        return new JvmImage(java, classPath, more);
    }

    private static void pack(Path directory, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(directory.relativize(path).toString().replace(File.separatorChar, '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
    }
}
