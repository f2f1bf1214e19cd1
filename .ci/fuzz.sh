#!/usr/bin/env bash
# Bounded fuzzing for CI: fuzzes each @FuzzTest in turn (Jazzer fuzzes one test per JVM) and fails
# on the first finding. Jazzer writes a finding's reproducer into the test's Inputs directory under
# src/test/resources; commit it with the fix so that every build replays it.
#
#   .ci/fuzz.sh                      every fuzz test, FUZZ_SECONDS (default 20) each
#   .ci/fuzz.sh knock-core ...       only the fuzz tests of the given modules
#
# Run it after `mvn -B verify` (which fetches every dependency): Maven runs offline here unless
# MAVEN_OFFLINE= (empty) is given.
#
# Each test's @FuzzTest(maxDuration) bounds a run started by hand (JAZZER_FUZZ=1 mvn test
# -Dtest=...); here -max_total_time, passed to libFuzzer after the annotation's, overrides it.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-20}"
offline="${MAVEN_OFFLINE--o}"
# module, test class, method
targets=(
  "knock-core dev.portknock.core.TextParsersFuzzTest fixedSequenceParsesBackFromItsOwnSpelling"
  "knock-core dev.portknock.core.TextParsersFuzzTest tcpFlagFilterParsesBackFromItsOwnSpelling"
  "knock-core dev.portknock.core.TextParsersFuzzTest commandValuesFitTheirDigitsAndParseBack"
  "knock-pad dev.portknock.pad.PadFilesFuzzTest padFileOpensConsistentlyOrIsRefusedAsBadFormat"
  "knock-pad dev.portknock.pad.PadFilesFuzzTest stateFileReadsConsistentlyOrIsRefusedAsBadFormat"
  "knock-examples dev.portknock.examples.config.ServerConfigFuzzTest configurationParsesOrIsRefusedWithFileAndLine"
  "knock-examples dev.portknock.examples.config.BundleFormatFuzzTest aBundleIsReadOrRefusedNamingTheFile"
  "knock-capture-pcap dev.portknock.pcap.FrameParserFuzzTest everyFrameOfEveryLinkTypeIsAPacketOrASkipNeverAnException"
  "knock-capture-nflog dev.portknock.nflog.NflogParserFuzzTest everyDatagramIsReadIntoPacketsSkipsAndAnswersNeverAnException"
)

selected=("$@")
failed=()
for target in "${targets[@]}"; do
  read -r module class method <<<"$target"
  if (( ${#selected[@]} > 0 )) && [[ ! " ${selected[*]} " == *" $module "* ]]; then
    continue
  fi
  echo "== fuzzing ${class##*.}#$method ($module, ${seconds}s)"
  # jazzer.internal.arg.N are libFuzzer's arguments (arg.0 is its program name); -timeout makes a
  # single input that runs longer than 10 s a finding (a hang).
  if ! JAZZER_FUZZ=1 mvn -B -q $offline -pl "$module" -am test \
      -Dtest="$class#$method" -Dsurefire.failIfNoSpecifiedTests=false \
      -Djazzer.internal.arg.0=fuzz \
      -Djazzer.internal.arg.1=-max_total_time="$seconds" \
      -Djazzer.internal.arg.2=-timeout=10; then
    failed+=("${class##*.}#$method")
  fi
done

if (( ${#failed[@]} > 0 )); then
  echo "== findings in: ${failed[*]}" >&2
  exit 1
fi
echo "== no findings"
