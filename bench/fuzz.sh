#!/bin/bash
# Fuzzes one Jazzer target for a long time, outside Maven's 10 s runs:
#   bench/fuzz.sh dev.ovl.archive.TarApplyFuzzTest applyTar 3600
# Run `mvn -o -q -pl core test-compile` first. The corpus grows in core/.cifuzz-corpus/CLASS/METHOD (git ignores
# it); findings land in $OUT/METHOD/crash-*: copy each into core/src/test/resources/<package>/<Class>Inputs/METHOD/
# so that `mvn verify` replays it. Executions and seconds are appended to $OUT/summary.txt. FUZZ_JAVA_OPTS adds JVM
# options (e.g. -Dovl.fuzzDir=DIR for the tar target's sandbox, /dev/shm by default).
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 CLASS METHOD SECONDS" >&2; exit 2; }
class=$1 method=$2 seconds=$3
here=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-/var/tmp/ovl-fuzz}
cp_file=$OUT/classpath.txt
mkdir -p "$OUT/$method" "$here/core/.cifuzz-corpus/$class/$method"
if [ ! -s "$cp_file" ] || [ "$here/core/pom.xml" -nt "$cp_file" ]; then
  mvn -o -q -f "$here/core/pom.xml" dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$cp_file" >&2
fi
cp="$here/core/target/test-classes:$here/core/target/classes:$(cat "$cp_file")"
echo "start $(date -u +%FT%TZ) $class#$method $seconds s" >> "$OUT/summary.txt"
set +e
(cd "$OUT/$method" && nice -n 19 java -Xmx1g ${FUZZ_JAVA_OPTS:-} -cp "$cp" com.code_intelligence.jazzer.Jazzer \
  --target_class="$class" --target_method="$method" --keep_going=20 -max_total_time="$seconds" \
  -artifact_prefix="$OUT/$method/" "$here/core/.cifuzz-corpus/$class/$method") > "$OUT/$method.log" 2>&1
rc=$?
echo "end $(date -u +%FT%TZ) $class#$method rc=$rc $(grep -E '^Done [0-9]+ runs' "$OUT/$method.log")" \
  >> "$OUT/summary.txt"
exit $rc
