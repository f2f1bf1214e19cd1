#!/usr/bin/env bash
# The Debian package end to end, on this machine (root): builds it as the README says, installs it
# beside knockd, runs the installed binary (version, the loopback demo, a named-host knock, the
# shipped configuration opening nothing), then removes and purges it and checks nothing is left.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "deb-test: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "needs root (dpkg -i)"
if dpkg -s portknock >/dev/null 2>&1; then
    fail "portknock is installed already; this test installs and removes its own build"
fi

echo "== build: mvn -B -Pdeb -DskipTests package"
mvn -B -q -Pdeb -DskipTests package
debs=(knock-deb/target/portknock_*.deb)
[ "${#debs[@]}" = 1 ] && [ -f "${debs[0]}" ] || fail "expected one package in knock-deb/target, found ${debs[*]}"
deb=${debs[0]}
version=$(dpkg-deb -f "$deb" Version)

work=$(mktemp -d)
cleanup() {
    if dpkg -s portknock >/dev/null 2>&1; then dpkg -P portknock >/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "== install $deb"
dpkg -i "$deb"
if dpkg -s knockd >/dev/null 2>&1; then
    [ "$(dpkg -S /usr/bin/knock)" = "knockd: /usr/bin/knock" ] || fail "/usr/bin/knock is not knockd's any more"
fi

# the project's licence, as Debian keeps it
cmp -s /usr/share/doc/portknock/copyright LICENSE || fail "/usr/share/doc/portknock/copyright is not the project's LICENSE"

echo "== installed portknock --version"
expected="knock (portknock) ${version//\~/-}"
[ "$(portknock --version)" = "$expected" ] || fail "portknock --version: '$(portknock --version)', expected '$expected'"
[ "$(portknock version)" = "$expected" ] || fail "portknock version: '$(portknock version)', expected '$expected'"
[ -s /var/cache/portknock/client.jsa ] || fail "postinst made no class data sharing archive for the client"
# -Xshare:on makes the JVM refuse to start unless the archive maps and matches the installed jar
[ "$(PORTKNOCK_JAVA_OPTS=-Xshare:on portknock version)" = "$expected" ] \
    || fail "the client's class data sharing archive does not fit the installed jar"
loaded=$(PORTKNOCK_JAVA_OPTS=-Xlog:class+load=info portknock version)
grep -q '^\[.*picocli\.CommandLine source: shared objects file' <<<"$loaded" \
    || fail "the client's archive does not hold picocli's classes"

echo "== installed portknock demo (a loopback door, a knock, its replay)"
portknock demo

echo "== a named-host knock to loopback with the installed binary"
export XDG_CONFIG_HOME="$work/config"
mkdir -p "$XDG_CONFIG_HOME/portknock"
portknock pad generate --out "$work/gw.pad" --knocks 3 >/dev/null
cat >"$XDG_CONFIG_HOME/portknock/client.conf" <<CONF
[gateway]
  host = 127.0.0.1
  pad = $work/gw.pad
  state = $work/state
  service = 22
  duration = 60
  delay = 0
CONF
chmod 600 "$XDG_CONFIG_HOME/portknock/client.conf"
sent=$(portknock send gateway)
[[ "$sent" =~ ^sent\ knock\ 0\ of\ pad\ [0-9a-f]+\ to\ 127\.0\.0\.1,\ 2\ knocks\ left:\  ]] || fail "send: '$sent'"
unset XDG_CONFIG_HOME

echo "== the shipped configuration opens nothing"
if out=$(portknock server --config /etc/portknock/doors.conf 2>&1); then
    fail "the server started on the shipped configuration: $out"
fi
[[ "$out" == *"configuration has no door section"* ]] || fail "server on the shipped configuration: $out"

if command -v systemd-analyze >/dev/null; then
    echo "== systemd-analyze verify portknock.service"
    verify=$(systemd-analyze verify /lib/systemd/system/portknock.service 2>&1 || true)
    [ -z "$verify" ] || fail "systemd-analyze verify: $verify"
fi

echo "== remove, then purge; nothing of the package may be left"
dpkg -r portknock
[ -f /etc/portknock/doors.conf ] || fail "remove deleted the conffile (only purge may)"
for gone in /usr/bin/portknock /usr/lib/portknock /var/cache/portknock /lib/systemd/system/portknock.service; do
    [ ! -e "$gone" ] || fail "$gone is left after dpkg -r"
done
dpkg -P portknock
dpkg -s portknock >/dev/null 2>&1 && fail "dpkg still knows portknock after purge"
while read -r path; do
    [ ! -e "$path" ] || [ -d "$path" ] || fail "$path is left after purge"
done < <(dpkg-deb -c "$deb" | awk '{print substr($6, 2)}')
for gone in /etc/portknock /usr/share/doc/portknock; do
    [ ! -e "$gone" ] || fail "$gone is left after purge"
done
echo "deb-test: passed"
