#!/usr/bin/env bash
# Times ovl against Debian's containers-storage (Go) and GNU tar, as whole processes, on a deterministic
# ~300 MB / 20,000-file layer and a child layer with whiteouts and opaque dirs. Not run by `mvn verify`.
# Usage (root, after `mvn -B -DskipTests package`): bench/layer-bench.sh [RUNS] > table.md
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
work=${BENCH_DIR:-/var/tmp/ovl-bench}
ovl="$here/ovl"
tarx=(tar --xattrs --xattrs-include='*' --numeric-owner)

mkdir -p "$work"
"$ovl" --version >/dev/null  # makes the wrapper's class-data archive now, not inside a timed run
if [ ! -f "$work/base.tar" ]; then
  rm -rf "$work/gen"
  python3 "$here/bench/gen_layer.py" "$work/gen" >&2
  "${tarx[@]}" --format=posix -C "$work/gen/base" -cf "$work/base.tar" .
  "${tarx[@]}" --format=posix -C "$work/gen/child" -cf "$work/child.tar" .
  rm -rf "$work/gen"
fi

stores() { # fresh ovl and Go stores with base and child applied
  cleanup
  mkdir -p "$work/s"
  O=("$ovl" --root "$work/s/ovl" --runroot "$work/s/ovlrun")
  G=(containers-storage -g "$work/s/go" -R "$work/s/gorun" -s overlay)
}
cleanup() {
  if [ -d "$work/s" ]; then
    grep -o " $work/s[^ ]*" /proc/mounts | sort -r | while read -r m; do umount "$m" || true; done
    rm -rf "$work/s"
  fi
}
trap cleanup EXIT

t() { # seconds of wall time of one command, caches warm and dirty data flushed first
  sync
  local s e
  s=$(date +%s.%N)
  "$@" >/dev/null
  e=$(date +%s.%N)
  echo "$e - $s" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A T

for i in $(seq "$runs"); do
  stores
  "${O[@]}" create --id base >/dev/null
  "${G[@]}" create-layer --id base >/dev/null
  T[apply_ovl]+="$(t "${O[@]}" apply-diff base "$work/base.tar") "
  T[apply_go]+="$(t "${G[@]}" applydiff -f "$work/base.tar" base) "
  mkdir "$work/s/tar"
  T[apply_tar]+="$(t "${tarx[@]}" -xpf "$work/base.tar" -C "$work/s/tar") "
  "${O[@]}" create --id child --parent base >/dev/null
  "${G[@]}" create-layer --id child base >/dev/null
  "${O[@]}" apply-diff --parent base child "$work/child.tar" >/dev/null
  "${G[@]}" applydiff -f "$work/child.tar" child
  mv "$work/s/go/overlay-layers/base.tar-split.gz" "$work/s/"  # force the Go driver's own Diff
  T[diff_ovl]+="$(t "${O[@]}" diff base -f "$work/s/ovl.tar") "
  T[diff_go]+="$(t "${G[@]}" diff -f "$work/s/go.tar" base) "
  T[diff_tar]+="$(t "${tarx[@]}" -cf "$work/s/gnu.tar" -C "$work/s/ovl/overlay/base/diff" .) "
  T[changes_ovl]+="$(t "${O[@]}" changes --parent base child) "
  T[changes_go]+="$(t "${G[@]}" changes child) "
  T[diffsize_ovl]+="$(t "${O[@]}" diff-size base) "
  T[diffsize_go]+="$(t "${G[@]}" diffsize base) "
  T[mount_ovl]+="$(t sh -c "\"\$@\" mount child && \"\$@\" unmount child" _ "${O[@]}") "
  T[mount_go]+="$(t sh -c "\"\$@\" mount child && \"\$@\" unmount child" _ "${G[@]}") "
done

m() { tr ' ' '\n' <<<"${T[$1]}" | grep . | median; }
r() { echo "scale=2; $(m "$1") / $(m "$2")" | bc; }
echo "| operation | ovl (s) | Go containers-storage (s) | GNU tar (s) | ovl / Go | ovl / tar |"
echo "|---|---|---|---|---|---|"
echo "| apply-diff (300 MB, 20k files) | $(m apply_ovl) | $(m apply_go) | $(m apply_tar) | $(r apply_ovl apply_go) | $(r apply_ovl apply_tar) |"
echo "| diff to a file | $(m diff_ovl) | $(m diff_go) | $(m diff_tar) | $(r diff_ovl diff_go) | $(r diff_ovl diff_tar) |"
echo "| changes (child vs base) | $(m changes_ovl) | $(m changes_go) | - | $(r changes_ovl changes_go) | - |"
echo "| diff-size (base) | $(m diffsize_ovl) | $(m diffsize_go) | - | $(r diffsize_ovl diffsize_go) | - |"
echo "| mount + unmount (child) | $(m mount_ovl) | $(m mount_go) | - | $(r mount_ovl mount_go) | - |"
echo
echo "Median of $runs runs, $(nproc) CPUs, $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ), load average at the end: $(cut -d" " -f1-3 /proc/loadavg)."
