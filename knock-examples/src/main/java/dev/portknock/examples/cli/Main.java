package dev.portknock.examples.cli;

/** The entry point of {@code knock.jar}: runs the command line and exits with its status. */
public final class Main {
    private Main() {
    }

    /**
     * Runs {@code knock} with the process's arguments, standard output and error.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        // before any logger exists; a level set with -D on the java command line is kept
        if (System.getProperty(Verbosity.LOG_LEVEL_PROPERTY) == null) {
            Verbosity.logLevel(args).ifPresent(level -> System.setProperty(Verbosity.LOG_LEVEL_PROPERTY, level));
        }
        System.exit(KnockCli.run(args));
    }
}
