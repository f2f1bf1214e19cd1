#!/usr/bin/env bash
# Sends the next unused line of a knockd One_Time_Sequences file (" p1:udp,p2:udp,...") with
# knockd's knock client: bench/knockd-next.sh SEQUENCES HOST DELAY_MS. The number of lines used
# so far is kept in SEQUENCES.used.
set -euo pipefail
sequences=$1 host=$2 delay=$3
used=0
[ -f "$sequences.used" ] && used=$(cat "$sequences.used")
line=$(sed -n "$((used + 1))p" "$sequences")
[ -n "$line" ] || { echo "knockd-next.sh: no unused sequence left in $sequences" >&2; exit 1; }
echo $((used + 1)) >"$sequences.used"
IFS=, read -r -a ports <<<"${line// /}"
exec knock -d "$delay" "$host" "${ports[@]}"
