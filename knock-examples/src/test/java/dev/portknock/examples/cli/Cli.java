package dev.portknock.examples.cli;

import java.io.InputStream;
import java.io.OutputStream;
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

    /** Runs with {@code knock connect} relaying {@code in} and {@code out} instead of standard input and output. */
    static Result runConnect(InputStream in, OutputStream out, String... args) {
        StringWriter outText = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter outWriter = new PrintWriter(outText, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == ConnectCommand.class ? type.cast(new ConnectCommand(in, out))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        int status = KnockCli.commandLine(outWriter, errWriter, factory).execute(args);
        outWriter.flush();
        errWriter.flush();
        return new Result(status, outText.toString(), err.toString());
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
