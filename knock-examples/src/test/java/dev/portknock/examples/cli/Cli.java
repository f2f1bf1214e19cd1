package dev.portknock.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs the command line in-process with captured output. */
final class Cli {
    private Cli() {
    }

    /**
     * What one run left behind.
     *
     * @param status the exit status
     * @param out standard output
     * @param err standard error
     */
    record Result(int status, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = KnockCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }

    /** Runs with {@code knock server}'s UseSyslog sending to {@code syslogSocket} instead of /dev/log. */
    static Result runWithSyslogAt(Path syslogSocket, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        int status = KnockCli.commandLine(outWriter, errWriter, syslogAt(syslogSocket)).execute(args);
        outWriter.flush();
        errWriter.flush();
        return new Result(status, out.toString(), err.toString());
    }

    /** Makes the commands as picocli does, but {@code knock server} with its syslog socket at {@code socket}. */
    static CommandLine.IFactory syslogAt(Path socket) {
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == ServerCommand.class ? type.cast(new ServerCommand(socket))
                        : CommandLine.defaultFactory().create(type);
            }
        };
    }
}
