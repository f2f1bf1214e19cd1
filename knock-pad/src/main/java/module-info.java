/**
 * One-time pads for portknock: pad files (PROTOCOL.md §4), their generation, the cursor and
 * failure state kept beside them, the client's knock issuer, the server's door verifiers, and the
 * knockd one-time-sequences export.
 */
module dev.portknock.pad {
    requires transitive dev.portknock.core;
    requires org.slf4j;
    requires org.bouncycastle.provider;

    exports dev.portknock.pad;
}
