/**
 * One-time pads for portknock: pad files (PROTOCOL.md §4), their generation, the cursor and
 * failure state kept beside them, the client's knock issuer, the server's door verifiers, and the
 * knockd one-time-sequences export.
 */
// the qualified export names the test kit, a module built after this one, which javac cannot see yet
@SuppressWarnings("module")
module dev.portknock.pad {
    requires transitive dev.portknock.core;
    requires org.slf4j;
    requires org.bouncycastle.provider;

    exports dev.portknock.pad;
    // ChosenDigits: pads of chosen digits, for the test kit's seeded test pads and nothing else
    exports dev.portknock.pad.internal to dev.portknock.testkit;
}
