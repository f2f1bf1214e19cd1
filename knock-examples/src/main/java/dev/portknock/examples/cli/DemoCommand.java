package dev.portknock.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code knock demo}: the whole story on loopback in a few seconds. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Show a one-time knock's life on 127.0.0.1, without privileges: a pad and a server with a "
                + "small TCP service are set up in temporary files (deleted at the end); the service is refused, "
                + "a sealed knock opens it after a 1 s delay for 3 s, and the same knock replayed is rejected.",
                "Every step is checked: exit status 0 when all behaved as expected, 1 otherwise. Takes about 5 s."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try {
            new Demo(out, Clock.systemUTC()).run();
        } catch (Demo.StepFailed e) {
            out.flush();
            spec.commandLine().getErr().println("knock demo: FAILED: " + e.getMessage());
            return KnockCli.FAILED;
        }
        out.println("demo passed: every step behaved as expected");
        return KnockCli.OK;
    }
}
