/**
 * The pure heart of portknock: profiles, digit/port mapping, command codec, the fixed, raw and
 * sealed schemes of PROTOCOL.md, and the per-source sequence matcher. No I/O, JDK only.
 */
module dev.portknock.core {
    exports dev.portknock.core;
}
