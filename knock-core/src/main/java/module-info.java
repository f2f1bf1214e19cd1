/**
 * The pure heart of portknock: profiles, digit/port mapping, command codec, the fixed, raw and
 * sealed schemes of PROTOCOL.md, and the per-source sequence matcher. No I/O, JDK only.
 */
// the qualified export names modules built after this one, which javac cannot see yet
@SuppressWarnings("module")
module dev.portknock.core {
    exports dev.portknock.core;
    // BuilderOptions, the builders' set-once guard: shared by the modules whose builders use it, not API
    exports dev.portknock.core.internal to dev.portknock.pad, dev.portknock.runtime;
}
