package dev.portknock.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Command schemas, parsing of command text and the command value. */
class CommandTest {

    private static String refused(Executable action) {
        return assertThrows(IllegalArgumentException.class, action).getMessage();
    }

    @Test
    void defaultSchemaIsServiceDurationDelay() {
        assertEquals(List.of("service", "duration", "delay"), CommandSchema.DEFAULT.names());
        assertEquals(3, CommandSchema.DEFAULT.size());
        assertEquals(0, CommandSchema.EMPTY.size());
    }

    @Test
    void defaultSchemaForThreeDigitsIsTheProtocolDefault() {
        assertEquals(CommandSchema.DEFAULT, CommandSchema.forDigits(3));
    }

    @Test
    void defaultSchemaForFewerDigitsKeepsTheFirstMeanings() {
        assertEquals(List.of("service"), CommandSchema.forDigits(1).names());
        assertEquals(List.of("service", "duration"), CommandSchema.forDigits(2).names());
    }

    @Test
    void defaultSchemaForNoDigitsIsEmpty() {
        assertEquals(CommandSchema.EMPTY, CommandSchema.forDigits(0));
    }

    @Test
    void defaultSchemaNumbersDigitsBeyondTheThird() {
        assertEquals(List.of("service", "duration", "delay", "digit4", "digit5"), CommandSchema.forDigits(5).names());
    }

    @Test
    void defaultSchemaForNegativeDigitsIsRefused() {
        assertEquals("command digits must not be negative: -1", refused(() -> CommandSchema.forDigits(-1)));
    }

    @Test
    void blankNameIsRefused() {
        assertEquals("command digit name must be a non-blank word: ' '", refused(() -> CommandSchema.of("a", " ")));
    }

    @Test
    void nameWithSurroundingSpaceIsRefused() {
        assertEquals("command digit name must be a non-blank word: ' a'", refused(() -> CommandSchema.of(" a")));
    }

    @Test
    void duplicateNamesAreRefused() {
        assertEquals("command digit names must be distinct: [a, b, a]", refused(() -> CommandSchema.of("a", "b", "a")));
    }

    @Test
    void unknownNameIsRefused() {
        assertEquals("no command digit named 'port' in [service, duration, delay]",
                refused(() -> CommandSchema.DEFAULT.indexOf("port")));
    }

    @Test
    void parsesCommaSeparatedValues() {
        Command command = CommandSchema.DEFAULT.parse(" 22, 60 ,1", 4096);
        assertArrayEquals(new int[] {22, 60, 1}, command.values());
        assertEquals(60, command.get(CommandSchema.DURATION));
    }

    @Test
    void emptySchemaParsesEmptyText() {
        assertEquals(0, CommandSchema.EMPTY.parse("", 4096).values().length);
    }

    @Test
    void truncatedTextIsRefused() {
        assertEquals("command needs 3 values (service,duration,delay): '22,60'",
                refused(() -> CommandSchema.DEFAULT.parse("22,60", 4096)));
        assertEquals("command value '' is not a number", refused(() -> CommandSchema.DEFAULT.parse("22,60,", 4096)));
    }

    @Test
    void tooManyValuesAreRefused() {
        assertEquals("command needs 3 values (service,duration,delay): '1,2,3,4'",
                refused(() -> CommandSchema.DEFAULT.parse("1,2,3,4", 4096)));
    }

    @Test
    void garbageValueIsRefused() {
        assertEquals("command value 'ssh' is not a number", refused(() -> CommandSchema.DEFAULT.parse("ssh,60,1", 4096)));
    }

    @Test
    void oversizedValueIsRefused() {
        assertEquals("command value '99999999999' does not fit a digit (0..4095)",
                refused(() -> CommandSchema.DEFAULT.parse("22,99999999999,1", 4096)));
    }

    @Test
    void valueThatDoesNotFitADigitIsRefusedByName() {
        assertEquals("command value duration=4096 does not fit a digit (0..4095)",
                refused(() -> CommandSchema.DEFAULT.parse("22,4096,1", 4096)));
    }

    @Test
    void negativeValueIsRefused() {
        assertEquals("command value must not be negative: -1", refused(() -> CommandSchema.DEFAULT.parse("-1,60,1", 4096)));
    }

    @Test
    void wrongNumberOfValuesIsRefused() {
        assertEquals("command needs 3 values: 2", refused(() -> new Command(CommandSchema.DEFAULT, new int[] {1, 2})));
    }

    @Test
    void valuesAreCopiedInAndOut() {
        int[] values = {22, 60, 1};
        Command command = new Command(CommandSchema.DEFAULT, values);
        values[0] = 99;
        command.values()[1] = 99;
        assertArrayEquals(new int[] {22, 60, 1}, command.values());
    }

    @Test
    void equalityFollowsSchemaAndValues() {
        Command a = Command.serviceDurationDelay(4096, 22, 60, 1);
        assertEquals(a, new Command(CommandSchema.DEFAULT, new int[] {22, 60, 1}));
        assertEquals(a.hashCode(), new Command(CommandSchema.DEFAULT, new int[] {22, 60, 1}).hashCode());
        assertNotEquals(a, Command.serviceDurationDelay(4096, 22, 60, 2));
        assertNotEquals(a, new Command(CommandSchema.of("a", "b", "c"), new int[] {22, 60, 1}));
    }

    @Test
    void printsNamedValues() {
        assertEquals("Command[service=22, duration=60, delay=1]", Command.serviceDurationDelay(4096, 22, 60, 1).toString());
    }
}
