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
OVL_NO_SERVER=1 "$ovl" --version >/dev/null  # makes the wrapper's class-data archive now, not inside a timed run
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
  O=(env OVL_NO_SERVER=1 "$ovl" --root "$work/s/ovl" --runroot "$work/s/ovlrun")
  S=(env OVL_SOCKET="$work/serve/ovl.sock" "$ovl" --root "$work/s/ovl" --runroot "$work/s/ovlrun")
  G=(containers-storage -g "$work/s/go" -R "$work/s/gorun" -s overlay)
}
cleanup() {
  if [ -n "${server:-}" ] && [ "${1:-}" = exit ]; then
    kill -TERM "$server" && wait "$server" || true
  fi
  # the stores' mounts: layers, and homes that the drivers bind-mount private on some file systems (tmpfs); on
  # exit also those of the served warm-up store
  local under=$work/s
  [ "${1:-}" != exit ] || under=$work
  { grep -o " $under/[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount "$m" || true; done
  rm -rf "$work/s"
  [ "${1:-}" != exit ] || rm -rf "$work/serve" # the server's socket and the warm-up's store
}
trap 'cleanup exit' EXIT
# The "served" column: the same wrapper with a resident `ovl serve` on a scratch socket (client timed as a whole).
rm -rf "$work/serve"
OVL_NO_SERVER=1 "$ovl" serve --socket "$work/serve/ovl.sock" &
server=$!
for _ in $(seq 100); do [ -S "$work/serve/ovl.sock" ] && break; sleep 0.1; done
[ -S "$work/serve/ovl.sock" ] || { echo "layer-bench: ovl serve did not start" >&2; exit 1; }
OVL_SOCKET="$work/serve/ovl.sock" "$ovl" --root "$work/serve/root" --runroot "$work/serve/run" status >/dev/null

t() { # seconds of wall time of one command, caches warm and dirty data flushed first
  sync
  local s e
  s=$(date +%s.%N)
  "$@" >/dev/null
  e=$(date +%s.%N)
  echo "$e - $s" | bc
}
# This VM gives page cache back to the host within seconds, so every timed command first reads its input once
# untimed, after flushing what the previous command wrote (a flush lasting seconds would let the cache go again);
# otherwise whichever tool runs first pays for the disk reads of the others.
warm() { sync; for f in "$@"; do if [ -d "$f" ]; then tar -C "$f" -cf - . | cat >/dev/null; else cat "$f" >/dev/null; fi; done; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A T

for i in $(seq "$runs"); do
  stores
  "${O[@]}" create --id base >/dev/null
  "${G[@]}" create-layer --id base >/dev/null
  warm "$work/base.tar"; T[apply_ovl]+="$(t "${O[@]}" apply-diff base "$work/base.tar") "
  "${O[@]}" create --id served >/dev/null
  warm "$work/base.tar"; T[apply_srv]+="$(t "${S[@]}" apply-diff served "$work/base.tar") "
  "${O[@]}" rm --force served >/dev/null
  warm "$work/base.tar"; T[apply_go]+="$(t "${G[@]}" applydiff -f "$work/base.tar" base) "
  mkdir "$work/s/tar"
  warm "$work/base.tar"; T[apply_tar]+="$(t "${tarx[@]}" -xpf "$work/base.tar" -C "$work/s/tar") "
  "${O[@]}" create --id child --parent base >/dev/null
  "${G[@]}" create-layer --id child base >/dev/null
  "${O[@]}" apply-diff --parent base child "$work/child.tar" >/dev/null
  "${G[@]}" applydiff -f "$work/child.tar" child
  mv "$work/s/go/overlay-layers/base.tar-split.gz" "$work/s/"  # force the Go driver's own Diff
  warm "$work/s/ovl/overlay/base/diff"; T[diff_ovl]+="$(t "${O[@]}" diff base -f "$work/s/ovl.tar") "
  warm "$work/s/ovl/overlay/base/diff"; T[diff_srv]+="$(t "${S[@]}" diff base -f "$work/s/srv.tar") "
  rm -f "$work/s/srv.tar"
  warm "$work/s/go/overlay/base/diff"; T[diff_go]+="$(t "${G[@]}" diff -f "$work/s/go.tar" base) "
  warm "$work/s/ovl/overlay/base/diff"; T[diff_tar]+="$(t "${tarx[@]}" -cf "$work/s/gnu.tar" -C "$work/s/ovl/overlay/base/diff" .) "
  warm "$work/s/ovl/overlay/child/diff" "$work/s/ovl/overlay/base/diff"; T[changes_ovl]+="$(t "${O[@]}" changes --parent base child) "
  warm "$work/s/ovl/overlay/child/diff" "$work/s/ovl/overlay/base/diff"; T[changes_srv]+="$(t "${S[@]}" changes --parent base child) "
  warm "$work/s/go/overlay/child/diff" "$work/s/go/overlay/base/diff"; T[changes_go]+="$(t "${G[@]}" changes child) "
  warm "$work/s/ovl/overlay/base/diff"; T[diffsize_ovl]+="$(t "${O[@]}" diff-size base) "
  warm "$work/s/ovl/overlay/base/diff"; T[diffsize_srv]+="$(t "${S[@]}" diff-size base) "
  warm "$work/s/go/overlay/base/diff"; T[diffsize_go]+="$(t "${G[@]}" diffsize base) "
  T[mount_ovl]+="$(t sh -c "\"\$@\" mount child && \"\$@\" unmount child" _ "${O[@]}") "
  T[mount_srv]+="$(t sh -c "\"\$@\" mount child && \"\$@\" unmount child" _ "${S[@]}") "
  T[mount_go]+="$(t sh -c "\"\$@\" mount child && \"\$@\" unmount child" _ "${G[@]}") "
done

m() { tr ' ' '\n' <<<"${T[$1]}" | grep . | median; }
r() { echo "scale=2; $(m "$1") / $(m "$2")" | bc; }
echo "| operation | ovl (s) | ovl served (s) | Go containers-storage (s) | GNU tar (s) | ovl / Go | served / Go | ovl / tar |"
echo "|---|---|---|---|---|---|---|---|"
echo "| apply-diff (300 MB, 20k files) | $(m apply_ovl) | $(m apply_srv) | $(m apply_go) | $(m apply_tar) | $(r apply_ovl apply_go) | $(r apply_srv apply_go) | $(r apply_ovl apply_tar) (served $(r apply_srv apply_tar)) |"
echo "| diff to a file | $(m diff_ovl) | $(m diff_srv) | $(m diff_go) | $(m diff_tar) | $(r diff_ovl diff_go) | $(r diff_srv diff_go) | $(r diff_ovl diff_tar) (served $(r diff_srv diff_tar)) |"
echo "| changes (child vs base) | $(m changes_ovl) | $(m changes_srv) | $(m changes_go) | - | $(r changes_ovl changes_go) | $(r changes_srv changes_go) | - |"
echo "| diff-size (base) | $(m diffsize_ovl) | $(m diffsize_srv) | $(m diffsize_go) | - | $(r diffsize_ovl diffsize_go) | $(r diffsize_srv diffsize_go) | - |"
echo "| mount + unmount (child) | $(m mount_ovl) | $(m mount_srv) | $(m mount_go) | - | $(r mount_ovl mount_go) | $(r mount_srv mount_go) | - |"
echo
echo "Served client: $(command -v ng-nailgun >/dev/null && echo "ng-nailgun for changes, diff-size, diff, mount/unmount; the JDK client for apply-diff" || echo "the JDK client (ng-nailgun not installed)")."
echo "Median of $runs runs, $(nproc) CPUs, $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ), load average at the end: $(cut -d" " -f1-3 /proc/loadavg)."
