package dev.portknock.examples.config;

import java.nio.file.Path;
import java.util.Objects;

/** Where a one-time door keeps its cursor and failure count. */
public sealed interface StateLocation permits StateLocation.File, StateLocation.Jdbc {
    /**
     * A state file (or directory) on the local file system.
     *
     * @param path absolute, or relative to the configuration file's directory when resolved
     */
    record File(Path path) implements StateLocation {
        /** Validates the path. */
        public File {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * A PostgreSQL state store for fleets of gateways ({@code jdbc:postgresql:...}).
     *
     * @param url the JDBC URL as written
     */
    record Jdbc(String url) implements StateLocation {
        /** The only URL prefix accepted. */
        public static final String PREFIX = "jdbc:postgresql:";

        /** Validates the URL's prefix. */
        public Jdbc {
            Objects.requireNonNull(url, "url");
            if (!url.startsWith(PREFIX) || url.length() == PREFIX.length()) {
                throw new IllegalArgumentException("state url must start with " + PREFIX);
            }
        }

        /** The URL without its query, so that credentials passed as parameters never reach a log. */
        @Override
        public String toString() {
            int query = url.indexOf('?');
            return "Jdbc[url=" + (query < 0 ? url : url.substring(0, query) + "?...") + "]";
        }
    }
}
