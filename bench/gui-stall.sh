#!/bin/sh
# Runs FxStallMeasure (issue #5) in the JVM `./ovl gui` starts: its options, its class path (the measure and its
# test libraries appended) and its class-data archive gui/target/ovl-gui.jsa, made first if stale; --no-cds runs
# without the archive. Headless under Monocle, as the tests. Root; not run by `mvn verify`.
# Usage (after `mvn -o -q -B -pl core,gui -DskipTests package`): bench/gui-stall.sh [--no-cds] [JVM OPTION...]
#   e.g. bench/gui-stall.sh -Dlayers=10 -Dstall.frames=true -Djavafx.pulseLogger=true
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
cds=yes
if [ "${1:-}" = --no-cds ]; then
  cds=no
  shift
fi
"$here/ovl" gui --help >/dev/null  # makes the inspector's archive now, not inside a measured run
jars() { ls "$@" | LC_ALL=C sort | sed 's/^/:/' | tr -d '\n'; }
gui=$(ls "$here"/gui/target/ovl-gui-*.jar | grep -v -e '-tests' -e '-sources' | head -n 1)
core=$(ls "$here"/core/target/ovl-core-*.jar | grep -v -e '-tests' -e '-sources' | head -n 1)
cp="$gui$(jars "$here"/gui/target/lib/*.jar):$core$(jars "$here"/core/target/lib/*.jar)"  # as ./ovl gui
tests=$(mktemp)
trap 'rm -f "$tests"' EXIT
(cd "$here" && mvn -q -o -B -pl core,gui dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$tests" >/dev/null)
cp="$cp:$here/gui/target/test-classes:$here/core/target/test-classes:$(tr ':' '\n' <"$tests" | grep -v /ovl-core- \
  | paste -sd:)"
archive=
[ "$cds" = yes ] && archive=-XX:SharedArchiveFile=$here/gui/target/ovl-gui.jsa
# shellcheck disable=SC2086 # OVL_JAVA_OPTS is a list of options, as in ./ovl
java ${OVL_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto} $archive \
  -Dtestfx.robot=glass -Dtestfx.headless=true -Dglass.platform=Monocle -Dmonocle.platform=Headless \
  -Dprism.order=sw -Dprism.text=t2k -Djava.awt.headless=true -Dheadless.geometry=1920x1200-32 "$@" \
  -cp "$cp" dev.ovl.gui.FxStallMeasure
