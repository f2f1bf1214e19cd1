package dev.portknock.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Who makes the objects picocli asks for: this package's classes directly, the rest the fallback. */
class CommandFactoryTest {
    private final List<Class<?>> askedOfFallback = new ArrayList<>();
    private final CommandLine.IFactory fallback = new CommandLine.IFactory() {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            askedOfFallback.add(type);
            return CommandLine.defaultFactory().create(type);
        }
    };

    @Test
    void aClassOfTheCommandLinesPackageIsMadeThroughItsPackagePrivateConstructor() throws Exception {
        assertInstanceOf(SendCommand.class, new CommandFactory(fallback).create(SendCommand.class));
        assertInstanceOf(SchemeConverter.class, new CommandFactory(fallback).create(SchemeConverter.class));
        assertEquals(List.of(), askedOfFallback);
    }

    @Test
    void anyOtherClassIsLeftToTheFallback() throws Exception {
        assertInstanceOf(ArrayList.class, new CommandFactory(fallback).create(List.class));
        assertEquals(List.of(List.class), askedOfFallback);
    }

    @Test
    void theCommandLineOfTheProcessUsesIt() {
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        CommandLine commandLine = KnockCli.commandLine(discard, discard);
        assertSame(CommandFactory.class, commandLine.getFactory().getClass());
    }
}
