/**
 * The {@code knock} command line, the demo and the server configuration: knockd.conf syntax with
 * extensions for one-time doors, parsed into validated records of core types.
 */
module dev.portknock.examples {
    requires transitive dev.portknock.core;

    exports dev.portknock.examples.config;
}
