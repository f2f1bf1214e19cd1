package dev.portknock.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code knock} command line of this build as a process: the test class path's {@link Main}. */
final class ThisBuild {
    private ThisBuild() {
    }

    /** {@code java ... Main ARGS}, started quickly (C1 only, serial collector). */
    static List<String> knock(String... args) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath, Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
