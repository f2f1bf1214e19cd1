package dev.portknock.examples.cli;

import java.util.Optional;
import picocli.CommandLine.IVersionProvider;

/**
 * The version {@code knock --version} and {@code knock version} print: the
 * {@code Implementation-Version} of the jar the command line was loaded from, which the build
 * writes into every jar's manifest, so the answer is the build's and cannot drift from it.
 */
final class ManifestVersion implements IVersionProvider {
    /** The version of the jar holding {@code type}'s package; empty when it was not loaded from one. */
    static Optional<String> of(Class<?> type) {
        return Optional.ofNullable(type.getPackage().getImplementationVersion());
    }

    /** One line: {@code knock (portknock) VERSION}. */
    static String line() {
        return of(ManifestVersion.class).map(version -> "knock (portknock) " + version)
                .orElse("knock (portknock), version unknown: not run from a jar with a manifest");
    }

    @Override
    public String[] getVersion() {
        return new String[] {line()};
    }
}
