#!/usr/bin/env bash
# Client start-up time (docs/PERFORMANCE.md, "The package"): wall-clock and CPU time of a one-time
# `send --dry-run` with the installed package's launcher, or of any command given after `--`
# (to compare JVM options: the pad and state made here are in $PAD and $STATE).
#
# Needs the package installed (mvn -B -Pdeb -DskipTests package && dpkg -i knock-deb/target/portknock_*.deb)
# and /usr/bin/time. One untimed warm-up run, then --runs timed ones; prints the median, minimum
# and maximum wall time and the median CPU time (user + system) in milliseconds.
#
# --nice N runs the command at niceness N, and the script's session scheduling group with it
# (bench/netns.sh): where the kernel groups processes by session, every other session's work,
# however niced, competes with the client as an equal; default 0.
#
# Usage: bench/startup.sh [--runs N] [--nice N] [-- COMMAND ARGS...]
# Example: bench/startup.sh -- env PORTKNOCK_JAVA_OPTS=-Xshare:off portknock send 127.0.0.1 \
#              --pad '$PAD' --state '$STATE' --command 22,1,0 --dry-run
set -euo pipefail

RUNS=20
NICE=0
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS=$2; shift 2 ;;
        --nice) NICE=$2; shift 2 ;;
        --) shift; break ;;
        *) echo "startup.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[[ "$RUNS" =~ ^[1-9][0-9]{0,3}$ ]] || { echo "startup.sh: --runs must be in 1..9999" >&2; exit 2; }
[[ "$NICE" =~ ^-?[0-9]{1,2}$ ]] && [ "$NICE" -ge -20 ] && [ "$NICE" -le 19 ] \
    || { echo "startup.sh: --nice must be in -20..19" >&2; exit 2; }
command -v portknock >/dev/null || { echo "startup.sh: portknock is not installed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "startup.sh: /usr/bin/time is missing: apt-get install -y time" >&2; exit 1; }

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/netns.sh
. "$HERE/netns.sh"
work=$(mktemp -d)
trap 'restore_session_nice; rm -rf "$work"' EXIT
renice_session "$NICE"
export PAD="$work/door.pad" STATE="$work/client-state"
portknock pad generate --out "$PAD" --knocks 100 >/dev/null 2>&1

if [ $# -eq 0 ]; then
    set -- portknock send 127.0.0.1 --pad "$PAD" --state "$STATE" --command 22,1,0 --dry-run
else
    # '$PAD' and '$STATE' in the command's words stand for the files made here
    words=()
    for word in "$@"; do
        word=${word//\$PAD/$PAD}
        words+=("${word//\$STATE/$STATE}")
    done
    set -- "${words[@]}"
fi

"$@" >"$work/out" 2>&1 || { echo "startup.sh: the command failed:" >&2; cat "$work/out" >&2; exit 1; }
walls=()
cpus=()
for _ in $(seq "$RUNS"); do
    start=$(date +%s%N)
    /usr/bin/time -f '%U %S' -o "$work/cpu" "$@" >/dev/null 2>&1
    walls+=($(( ($(date +%s%N) - start) / 1000000 )))
    cpus+=("$(awk '{printf "%d", ($1 + $2) * 1000}' "$work/cpu")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
sorted=$(printf '%s\n' "${walls[@]}" | sort -n)
printf '%d runs at nice %d: median wall %d ms (min %d, max %d), median cpu %d ms, load average %s\n' \
    "$RUNS" "$NICE" "$(median "${walls[@]}")" "$(head -1 <<<"$sorted")" "$(tail -1 <<<"$sorted")" \
    "$(median "${cpus[@]}")" "$(cut -d' ' -f1 /proc/loadavg)"
