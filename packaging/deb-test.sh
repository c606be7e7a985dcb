#!/bin/sh
# Tests the .deb as a user gets it (issue #7): builds it (deb-build.sh, after `mvn -B package`), installs it with
# dpkg -i, runs `ovl` from PATH on a temp root, finds the man pages and the bash completion, checks the inspector's
# desktop entry and polkit action and takes a screenshot with the installed inspector under Xvfb, then removes the
# package again. The package and the temp root are removed on failure too. Needs root.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")

die() { echo "deb-test: FAIL: $*" >&2; exit 1; }
ok() { echo "deb-test: ok: $*"; }
is_png() { [ -f "$1" ] && [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }
[ "$(id -u)" -eq 0 ] || die "needs root (dpkg -i)"
if dpkg-query -W -f='${Status}' ovl 2>/dev/null | grep -q 'ok installed'; then
  die "a package named ovl is installed already; this test installs and removes its own (remove it: dpkg --purge ovl)"
fi

deb=$("$here/deb-build.sh")
ok "built $deb"
tmp=$(mktemp -d /var/tmp/ovl-deb-test.XXXXXX)

cleanup() {
  rc=$?
  set +e
  [ -z "${server:-}" ] || kill -TERM "$server" 2>/dev/null
  # `ovl status` bind-mounts the driver home under the temp root: unmount deepest first, then delete.
  awk -v t="$tmp/" 'index($5, t) == 1 {print $5}' /proc/self/mountinfo | sort -r | while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m"
  done
  rm -rf "$tmp"
  if dpkg-query -W ovl >/dev/null 2>&1; then
    dpkg --purge ovl >/dev/null || echo "deb-test: could not remove the ovl package" >&2
  fi
  [ "$rc" -eq 0 ] || echo "deb-test: failed; package and $tmp removed" >&2
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

dpkg -i "$deb" >/dev/null || die "dpkg -i $deb"
ok "installed"

[ "$(command -v ovl)" = /usr/bin/ovl ] || die "ovl is not on PATH as /usr/bin/ovl: $(command -v ovl || true)"
want=$(java -jar "$here/target/ovl.jar" --version)
got=$(ovl --version) || die "ovl --version exited $?"
[ "$got" = "$want" ] || die "ovl --version printed '$got', want '$want'"
ok "ovl --version: $got"
[ -s /opt/ovl/lib/app/ovl.jsa ] || die "postinst wrote no class-data archive /opt/ovl/lib/app/ovl.jsa"
JAVA_TOOL_OPTIONS=-Xlog:class+load=info ovl --version 2>/dev/null | grep -q 'dev.ovl.cli.Main source: shared' \
  || die "the installed launcher does not load dev.ovl.cli.Main from the class-data archive"
ok "class-data archive made by postinst and used by the launcher"

status=$(ovl --root "$tmp/root" --runroot "$tmp/run" status) || die "ovl status exited $?"
echo "$status" | grep -q "^Home: $tmp/root/overlay\$" || die "ovl status: no Home line in: $status"
echo "$status" | grep -q '^Backing Filesystem: ' || die "ovl status: no backing filesystem in: $status"
ok "ovl status on a temp root"
id=$(ovl --root "$tmp/root" --runroot "$tmp/run" create) || die "ovl create exited $?"
ovl --root "$tmp/root" --runroot "$tmp/run" layers | grep -q "^$id " || die "ovl layers does not list $id"
ok "ovl create + layers (the installed runtime has the JNA and Jackson modules)"

unit=/lib/systemd/system/ovl.service
grep -qx 'ExecStart=/usr/bin/ovl serve' "$unit" || die "$unit is missing or does not run /usr/bin/ovl serve"
[ ! -e /etc/systemd/system/multi-user.target.wants/ovl.service ] || die "ovl.service is enabled by default"
sock=$tmp/serve/ovl.sock
/usr/bin/ovl serve --socket "$sock" &
server=$!
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
[ -S "$sock" ] || die "ovl serve made no socket $sock"
served=$(OVL_SOCKET=$sock /opt/ovl/bin/ovl-client --root "$tmp/root" --runroot "$tmp/run" status) \
  || die "the served ovl status exited $? (75: not served)"
[ "$served" = "$(OVL_NO_SERVER=1 ovl --root "$tmp/root" --runroot "$tmp/run" status)" ] \
  || die "the served ovl status differs from the local one: $served"
[ "$(OVL_SOCKET=$sock ovl --root "$tmp/root" --runroot "$tmp/run" layers)" = \
  "$(OVL_NO_SERVER=1 ovl --root "$tmp/root" --runroot "$tmp/run" layers)" ] || die "served ovl layers differs"
dpkg-query -W -f='${Recommends}' ovl | grep -qw nailgun || die "the package does not recommend nailgun"
if command -v ng-nailgun >/dev/null; then # what /usr/bin/ovl runs for status when nailgun is installed
  [ "$(NAILGUN_SERVER=local:$sock ng-nailgun ovl --root "$tmp/root" --runroot "$tmp/run" status)" = "$served" ] \
    || die "ovl status through ng-nailgun differs from the local one"
fi
kill -TERM "$server"
wait "$server" || true
[ ! -e "$sock" ] || die "ovl serve left its socket behind after SIGTERM"
ok "ovl.service installed (not enabled); ovl serve + a served ovl status and layers"

[ "$(man -w ovl)" = /usr/share/man/man1/ovl.1.gz ] || die "man -w ovl: $(man -w ovl 2>&1 || true)"
man -w ovl-status >/dev/null || die "man -w ovl-status found nothing"
MANPAGER=cat MANWIDTH=80 man ovl 2>/dev/null | grep -q 'recreate-links' || die "man ovl does not list recreate-links"
ok "man -w ovl: $(man -w ovl)"

completion=$(bash -c '. /usr/share/bash-completion/completions/ovl 2>/dev/null
  COMP_WORDS=(ovl status --ro); COMP_CWORD=2; COMP_LINE="ovl status --ro"; COMP_POINT=15
  _complete_ovl 2>/dev/null; echo "${COMPREPLY[*]}"')
[ "$completion" = --root ] || die "bash completion of 'ovl status --ro' gave '$completion'"
ok "bash completion"

if [ -f "$top/gui/src/main/java/dev/ovl/gui/Launcher.java" ]; then
  [ -x /usr/bin/ovl-inspector ] || die "the inspector is in the tree but /usr/bin/ovl-inspector is not installed"
  desktop=/usr/share/applications/dev.ovl.Inspector.desktop
  desktop-file-validate "$desktop" || die "desktop-file-validate $desktop"
  exec_cmd=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop")
  [ "$(command -v "$exec_cmd")" = /usr/bin/ovl-inspector ] || die "desktop entry runs '$exec_cmd'"
  [ -f /usr/share/icons/hicolor/256x256/apps/"$(sed -n 's/^Icon=//p' "$desktop")".png ] || die "no icon"
  policy=/usr/share/polkit-1/actions/dev.ovl.inspector.policy
  xmllint --noout --dtdvalid /usr/share/polkit-1/policyconfig-1.dtd "$policy" || die "$policy is not valid"
  target=$(sed -n 's|.*"org.freedesktop.policykit.exec.path">\([^<]*\)<.*|\1|p' "$policy")
  [ -x "$target" ] && grep -q "pkexec \"\$launcher\"" /usr/bin/ovl-inspector \
    && grep -q "^launcher=$target\$" /usr/bin/ovl-inspector || die "pkexec wrapper and polkit action disagree"
  ok "desktop entry, icon, polkit action for $target"
  shot=$tmp/inspector.png
  JAVA_TOOL_OPTIONS="-Xlog:class+load=info:file=$tmp/classes.log" xvfb-run -a -s '-screen 0 1280x800x24' \
    timeout 300 ovl-inspector --root "$tmp/root" --runroot "$tmp/run" --screenshot "$shot" \
    || die "ovl-inspector --screenshot exited $?"
  is_png "$shot" || die "no PNG at $shot"
  [ -s /opt/ovl/lib/app/ovl-gui.jsa ] || die "postinst wrote no class-data archive /opt/ovl/lib/app/ovl-gui.jsa"
  grep -q 'javafx.scene.control.TableView source: shared' "$tmp/classes.log" \
    || die "the installed inspector does not load JavaFX's classes from its class-data archive"
  ok "the inspector's class-data archive (JavaFX's classes included) made by postinst and used"
  cp "$shot" "$here/target/deb/inspector.png"  # kept for a look after the run
  ok "installed inspector wrote a $(stat -c %s "$shot")-byte PNG under Xvfb"
  shot=$tmp/ovl-gui.png
  xvfb-run -a -s '-screen 0 1280x800x24' timeout 300 ovl --root "$tmp/root" --runroot "$tmp/run" gui \
    --screenshot "$shot" --view layers || die "ovl gui --screenshot exited $?"
  is_png "$shot" || die "no PNG at $shot"
  ok "installed 'ovl gui' wrote a $(stat -c %s "$shot")-byte PNG under Xvfb"
else
  echo "deb-test: skip: no inspector in this tree yet (gui/src/main/java/dev/ovl/gui/Launcher.java)"
fi

dpkg --purge ovl >/dev/null || die "dpkg --purge ovl"
[ ! -e /usr/bin/ovl ] && [ ! -e /opt/ovl ] && ! man -w ovl >/dev/null 2>&1 || die "files left after dpkg --purge ovl"
ok "removed"
