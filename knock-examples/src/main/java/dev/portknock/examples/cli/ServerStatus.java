package dev.portknock.examples.cli;

import java.nio.file.Path;

/**
 * What {@code knock server} tells systemd it is doing (sd_notify's {@code STATUS=}, shown by
 * {@code systemctl status} and {@code systemctl show -p StatusText}). A finished reload's status
 * begins {@code reload N applied} or {@code reload N refused}: the package's {@code ExecReload}
 * helper waits for that beginning, so these words are a contract.
 */
final class ServerStatus {
    private ServerStatus() {
    }

    /** Serving since the start. */
    static String serving(int doors, Path config) {
        return "serving " + doors + " door(s) from " + config;
    }

    /** The {@code reload}th reload (counted from 1) has begun. */
    static String reloading(int reload, Path config) {
        return "reloading " + config + " (reload " + reload + ")";
    }

    /** The {@code reload}th reload is in force. */
    static String reloaded(int reload, int doors, Path config) {
        return "reload " + reload + " applied: " + serving(doors, config);
    }

    /** The {@code reload}th reload was refused: the previous configuration stays, for {@code reason}. */
    static String refused(int reload, int doors, Path config, String reason) {
        return "reload " + reload + " refused, still " + serving(doors, config) + ": " + reason;
    }

    /** Stopping: closing the capture and what the server opened. */
    static String stopping() {
        return "stopping: closing the capture and the services the server opened";
    }
}
