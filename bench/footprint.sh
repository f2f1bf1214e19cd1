#!/usr/bin/env bash
# Footprint of the installed Debian package (docs/PERFORMANCE.md, "The package"): the server's
# resident memory when idle, and the client's wall-clock and CPU time for `send --dry-run`.
#
# Needs root, iproute2 and the package installed:
#   mvn -B -Pdeb -DskipTests package && dpkg -i knock-deb/target/portknock_*.deb
# The server runs in a network namespace of its own (pcap capture on its loopback, a process
# launcher that runs /bin/true), so it sees no other traffic. The server under a flood is
# bench/flood.sh with SERVER_JAVA_OPTS set to the launcher's server options.
#
# Usage: bench/footprint.sh [--runs N] [--idle-seconds S] [--capture-buffer-size BYTES]
# --capture-buffer-size sets the door's capture_buffer_size: libpcap maps the whole kernel buffer
# into the server, so it counts in full in the resident memory (default: the backend's 32 MiB).
set -euo pipefail

RUNS=21
IDLE=10
BUFFER=""
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS=$2; shift 2 ;;
        --idle-seconds) IDLE=$2; shift 2 ;;
        --capture-buffer-size) BUFFER=$2; shift 2 ;;
        *) echo "footprint.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[[ "$RUNS" =~ ^[1-9][0-9]{0,3}$ ]] || { echo "footprint.sh: --runs must be in 1..9999" >&2; exit 2; }
[[ "$IDLE" =~ ^[1-9][0-9]{0,3}$ ]] || { echo "footprint.sh: --idle-seconds must be in 1..9999" >&2; exit 2; }
[ -z "$BUFFER" ] || [[ "$BUFFER" =~ ^[1-9][0-9]{4,9}$ ]] || { echo "footprint.sh: bad --capture-buffer-size" >&2; exit 2; }
command -v portknock >/dev/null || { echo "footprint.sh: portknock is not installed" >&2; exit 1; }

work=$(mktemp -d)
ns="pkfoot-$$"
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

portknock pad generate --out "$work/door.pad" --knocks 100 --state "$work/server-state" >/dev/null 2>&1
cat >"$work/server.conf" <<CONF
[options]
    Interface = lo
[door]
    pad = $work/door.pad
    state = $work/server-state
    capture = pcap
    ${BUFFER:+capture_buffer_size = $BUFFER}
    services = 22
    launcher = process
    start_command = /bin/true %IP%
    stop_command = /bin/true %IP%
CONF
ip netns add "$ns"
ip -n "$ns" link set lo up
ip netns exec "$ns" portknock server --config "$work/server.conf" >"$work/server.out" 2>"$work/server.log" &
server=$!
for _ in $(seq 300); do
    grep -q "knock server: serving" "$work/server.out" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { echo "footprint.sh: the server ended:" >&2; cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
done
# the launcher execs java, so the server's pid is the JVM's
sleep "$IDLE"
rss=$(awk '/^VmRSS/ {print $2}' "/proc/$server/status")
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$server/status")
printf 'server idle %ss, capture buffer %s: resident %d MiB (peak %d MiB)\n' "$IDLE" "${BUFFER:-default}" $(( rss / 1024 )) $(( hwm / 1024 ))

portknock send 127.0.0.1 --pad "$work/door.pad" --state "$work/client-state" --command 22,1,0 --dry-run >/dev/null
walls=()
cpus=()
for _ in $(seq "$RUNS"); do
    start=$(date +%s%N)
    /usr/bin/time -f '%U %S' -o "$work/cpu" portknock send 127.0.0.1 --pad "$work/door.pad" \
        --state "$work/client-state" --command 22,1,0 --dry-run >/dev/null
    walls+=($(( ($(date +%s%N) - start) / 1000000 )))
    cpus+=("$(awk '{printf "%d", ($1 + $2) * 1000}' "$work/cpu")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
printf 'client send --dry-run, %d runs: median wall %d ms (min %d, max %d), median cpu %d ms\n' "$RUNS" \
    "$(median "${walls[@]}")" "$(printf '%s\n' "${walls[@]}" | sort -n | head -1)" \
    "$(printf '%s\n' "${walls[@]}" | sort -n | tail -1)" "$(median "${cpus[@]}")"
