package dev.portknock.core;

/** Whether a sealed knock's tags cover the source address the server sees. */
public enum SourceBinding {
    /** The tags do not cover the address: the knock works from anywhere (header digit 1). */
    NONE,
    /** The tags cover the source address seen by the server (header digit 2 or 3). */
    BIND
}
