#!/bin/sh
# Writes a class-data-sharing archive for the ovl CLI, so that each later JVM maps the classes a command needs
# instead of loading, verifying and linking them one by one (about 0.15 s of every short command).
# Usage: cds-archive.sh [--gui] ARCHIVE COMMAND...
#   COMMAND starts dev.ovl.cli.Main (`java OPTS -cp CP dev.ovl.cli.Main`, or the installed launcher); the archive
#   only works for a JVM started with the same class path. A few real commands on a scratch store (as root; only
#   --help otherwise) record what they load; the lists together are dumped into ARCHIVE (written atomically).
#   --gui: COMMAND starts the inspector (`... dev.ovl.cli.Main gui`, or the installed ovl-inspector); it renders a
#   demo store headless under Monocle, two views one run each (as root; about 10 s), which loads JavaFX's classes.
set -u
gui=no
if [ "${1:-}" = --gui ]; then
  gui=yes
  shift
fi
archive=$1
shift
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ovl-cds.XXXXXX") || exit 1
cleanup() {
  awk -v t="$tmp/" 'index($5, t) == 1 {print $5}' /proc/self/mountinfo | sort -r | while read -r m; do
    umount "$m"
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

n=0
train() {
  n=$((n + 1))
  JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$tmp/classes.$n" "$@" >/dev/null 2>&1
}
train "$@" --help
if [ "$gui" = yes ] && [ "$(id -u)" = 0 ]; then
  # Other pages add only a few classes: the inspector loads JavaFX's control classes whichever view shows.
  for view in diff mounts; do
    train env -u DISPLAY -u WAYLAND_DISPLAY "$@" --demo --screenshot "$tmp/$view.png" --view "$view"
  done
elif [ "$(id -u)" = 0 ]; then
  store="--root $tmp/root --runroot $tmp/run"
  mkdir -p "$tmp/tree/etc" && echo x >"$tmp/tree/etc/hostname" && ln -s hostname "$tmp/tree/etc/name"
  tar -C "$tmp/tree" -cf "$tmp/layer.tar" .
  train "$@" $store create --id base
  train "$@" $store apply-diff base "$tmp/layer.tar"
  train "$@" $store create --id child --parent base
  train "$@" $store mount child
  train "$@" $store unmount child
  train "$@" $store diff base -f "$tmp/out.tar"
  train "$@" $store changes --parent base child
  train "$@" $store diff-size base
  train "$@" $store layers
  train "$@" $store check
fi
cat "$tmp"/classes.* | awk '!seen[$0]++' >"$tmp/classes"
JAVA_TOOL_OPTIONS="-Xshare:dump -XX:SharedClassListFile=$tmp/classes -XX:SharedArchiveFile=$tmp/ovl.jsa" \
  "$@" --version >"$tmp/dump.log" 2>&1
if [ -s "$tmp/ovl.jsa" ]; then
  mv -f "$tmp/ovl.jsa" "$archive"
elif [ -s "$archive" ] && [ "$archive" -nt "$tmp/classes" ]; then
  : # a launcher naming its own archive (the package's, -XX:SharedArchiveFile in its cfg) dumped it in place
else
  echo "cds-archive: no archive written; the JVM said:" >&2
  tail -n 5 "$tmp/dump.log" >&2
  exit 1
fi
