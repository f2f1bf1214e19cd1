#!/usr/bin/env bash
# Checks what a `mvn -B verify` built for publication: every module the BOM manages has its jar,
# a sources jar and a Javadoc jar, and every jar of those modules (tests jars and knock.jar too)
# names the build's version in its manifest's Implementation-Version.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "published-jars: $*" >&2; exit 1; }
# the project's version: the parent's, the first <version> of the root pom
version=$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' pom.xml | head -1)
[ -n "$version" ] || fail "no <version> in pom.xml"
modules=$(sed -n '/<dependencyManagement>/,/<\/dependencyManagement>/s|.*<artifactId>\(knock-[a-z-]*\)</artifactId>.*|\1|p' \
    knock-bom/pom.xml)
[ -n "$modules" ] || fail "knock-bom/pom.xml manages no module"
checked=0
for module in $modules; do
    for kind in "" -sources -javadoc; do
        jar="$module/target/$module-$version$kind.jar"
        [ -f "$jar" ] || fail "$jar is missing"
    done
    for jar in "$module"/target/*.jar; do
        manifest=$(unzip -p "$jar" META-INF/MANIFEST.MF | tr -d '\r') || fail "$jar has no manifest"
        grep -qx "Implementation-Version: $version" <<<"$manifest" ||
            fail "$jar: its manifest does not give Implementation-Version: $version"
        checked=$((checked + 1))
    done
done
echo "published-jars: $(wc -w <<<"$modules") modules, $checked jars, each with sources, Javadoc and version $version"
