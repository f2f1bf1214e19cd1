#!/usr/bin/env bash
# Builds knock-benchmarks/target/benchmarks.jar and runs the four JMH benchmarks of issue #7 with
# the settings in their annotations (one fork; warm-up and measurement iterations of 1-2 s), then
# prints one line per benchmark: score with its 99.9% error, allocation per operation, and the
# process CPU time per operation with the cores the fork actually got (CpuTimeProfiler).
#
# On a machine shared with other work, the score falls with the CPU share; cpu ns/op stays close
# to what a quiet machine shows, so read both. Figures come from here, never from timed tests.
#
# Usage: bench/run-jmh.sh [extra JMH options...]   e.g. bench/run-jmh.sh -i 10 -wi 5
#   BENCHMARKS  regexp of the benchmarks to run (default: all four classes)
#   SKIP_BUILD  set to 1 to reuse an existing jar
#   RESULTS     where JMH writes its CSV (default: knock-benchmarks/target/jmh-results.csv)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
jar=knock-benchmarks/target/benchmarks.jar
results="${RESULTS:-knock-benchmarks/target/jmh-results.csv}"
benchmarks="${BENCHMARKS:-MatcherBenchmark|VerifierBenchmark|PadGenerationBenchmark|StatePersistenceBenchmark}"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    # the modules' tests run in the regular build; here only the jar is needed
    mvn -B -q -pl knock-benchmarks -am package -DskipTests
fi

mkdir -p "$(dirname "$results")"
java -jar "$jar" "$benchmarks" \
    -prof gc -prof dev.portknock.benchmarks.CpuTimeProfiler \
    -rf csv -rff "$results" "$@"

echo
echo "== portknock JMH results ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)) =="
# CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit",params...;
# a profiler's figures are rows named benchmark:metric with the same parameters.
awk -F',' '
    function unquote(s) { gsub(/^"|"$/, "", s); return s }
    { sub(/\r$/, "") }
    NR == 1 {
        for (i = 8; i <= NF; i++) { name[i] = unquote($i); sub(/^Param: /, "", name[i]) }
        next
    }
    {
        bench = unquote($1); sub(/^dev\.portknock\.benchmarks\./, "", bench)
        params = ""
        for (i = 8; i <= NF; i++) {
            v = unquote($i)
            if (v != "") params = params (params == "" ? "" : " ") name[i] "=" v
        }
        metric = ""
        if (index(bench, ":") > 0) { metric = substr(bench, index(bench, ":") + 1); bench = substr(bench, 1, index(bench, ":") - 1) }
        key = bench SUBSEP params
        if (metric == "") {
            order[++n] = key; label[key] = bench; args[key] = params
            score[key] = unquote($5); error[key] = unquote($6); unit[key] = unquote($7)
        } else {
            value[key, metric] = unquote($5)
        }
    }
    END {
        printf "%-44s %-38s %16s %14s %-7s %10s %11s %6s\n", "benchmark", "params", "score", "error", "unit", "B/op", "cpu ns/op", "cores"
        for (i = 1; i <= n; i++) {
            k = order[i]
            printf "%-44s %-38s %16.1f %14s %-7s %10s %11s %6s\n", label[k], args[k], score[k],
                "± " sprintf("%.1f", error[k]), unit[k],
                fmt(value[k, "gc.alloc.rate.norm"]), fmt(value[k, "cpu.time.norm"]), fmt2(value[k, "cpu.share"])
        }
    }
    function fmt(v) { return v == "" ? "-" : sprintf("%.1f", v) }
    function fmt2(v) { return v == "" ? "-" : sprintf("%.2f", v) }
' "$results"
echo "(PadGenerationBenchmark counts one MiB as an operation: ops/s = MiB/s; the full JMH output is above, the CSV in $results)"
