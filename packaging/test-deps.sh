#!/bin/sh
# Installs the Debian packages the test suite drives: the Go peer (containers-storage) and its sources,
# fuse-overlayfs, xfsprogs for XFS loop images, bindfs (a FUSE fs whose chown fails, for ignore_chown_errors),
# podman with busybox-static and runc (podman run) for real stores, the X/GTK
# pieces for screenshot tests, and what deb-build.sh/deb-test.sh use: asciidoctor (man pages), pkexec (the .deb
# depends on it), desktop-file-utils and libxml2-utils (desktop entry and polkit action checks), and the JDK's
# jpackage with the jmods it links the runtime from, nailgun (ng-nailgun, the served commands' native client) and
# systemd (systemd-socket-activate, which starts a socket-activated `ovl serve`). Needs root; quiet when
# everything is already there.
set -eu
PKGS="containers-storage golang-github-containers-storage-dev fuse-overlayfs fuse3 xfsprogs podman
  busybox-static runc xvfb xauth libgtk-3-0 fakeroot dpkg-dev man-db bash-completion e2fsprogs util-linux
  asciidoctor pkexec desktop-file-utils libxml2-utils unzip openjdk-17-jdk-headless bindfs nailgun systemd"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "installing:$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $missing >/dev/null
fi
