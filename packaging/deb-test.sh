#!/bin/sh
# Tests the .deb as a user gets it (issue #7): builds it (deb-build.sh, after `mvn -B package`), installs it with
# dpkg -i, runs `ovl` from PATH on a temp root, checks that JNA's library is the package's, starts ovl.service
# through ovl.socket as systemd would (C2, not the CLI's options) and runs `ovl serve`, finds the man pages and the
# bash completion, checks the inspector's desktop entry and polkit action and takes screenshots with the installed
# inspector and `ovl gui` under Xvfb (both with the inspector's class-data archive), then removes the package again.
# The package and the temp root are removed on failure too. Needs root.
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

# postinst enables ovl.socket (never ovl.service: the socket starts it) and starts it only where systemd runs
wants=/etc/systemd/system/sockets.target.wants/ovl.socket
[ -L "$wants" ] && [ "$(readlink -f "$wants")" = "$(readlink -f /lib/systemd/system/ovl.socket)" ] \
  || die "postinst did not enable ovl.socket ($wants)"
[ ! -e /etc/systemd/system/multi-user.target.wants/ovl.service ] || die "postinst enabled ovl.service"
if [ -d /run/systemd/system ]; then
  systemctl is-active --quiet ovl.socket || die "postinst did not start ovl.socket"
  ok "ovl.socket enabled and started"
else
  ok "ovl.socket enabled (no systemd running: not started, and the install did not fail)"
fi

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

# JNA's native library comes from the package (byte for byte the jar's), never unpacked to a temp file nor taken from
# the system (Debian's libjna-jni): the dynamic loader's log names every library the JVM opens.
jnalib=/opt/ovl/lib/app/jna/libjnidispatch.so
[ "$(stat -c '%U %a' "$jnalib" 2>/dev/null)" = 'root 444' ] || die "$jnalib is missing or not root-owned read-only"
unzip -p /opt/ovl/lib/app/jna-[0-9]*.jar "com/sun/jna/linux-$(uname -m | sed 's/_/-/')/libjnidispatch.so" \
  | cmp -s - "$jnalib" || die "$jnalib differs from the JNA jar's"
LD_DEBUG=files ovl --root "$tmp/root" --runroot "$tmp/run" layers 2>"$tmp/ld.log" >/dev/null \
  || die "ovl layers (LD_DEBUG=files) exited $?"
loaded=$(sed -n 's/.*file=\([^ ]*libjnidispatch[^ ]*\) .*dynamically loaded.*/\1/p' "$tmp/ld.log" | sort -u)
[ "$loaded" = "$jnalib" ] || die "ovl loaded JNA's library from '$loaded', not $jnalib"
ok "JNA's library pre-extracted in the package and the only one loaded"

# ovl.socket and ovl.service as systemd would start them (CI may have no systemd): systemd's own launcher
# systemd-socket-activate binds the socket's ListenStream and, on the first connection, runs the service's ExecStart
# line as is in its place with the socket handed over; all in a mount namespace whose /run is a directory under
# $tmp, so /run/ovl/ovl.sock is seen by no other ovl on this machine.
unit=/lib/systemd/system/ovl.service
socket_unit=/lib/systemd/system/ovl.socket
execstart=$(sed -n 's/^ExecStart=//p' "$unit")
case $execstart in
  "/opt/ovl/bin/ovl-serve serve --idle-exit "[1-9]*) ;;
  *) die "$unit runs '$execstart', not the ovl-serve launcher with --idle-exit" ;;
esac
grep -qx 'Requires=ovl.socket' "$unit" || die "$unit does not require ovl.socket"
listen=$(sed -n 's/^ListenStream=//p' "$socket_unit")
[ "$listen" = /run/ovl/ovl.sock ] || die "$socket_unit listens on '$listen', not the clients' /run/ovl/ovl.sock"
grep -qx 'SocketMode=0600' "$socket_unit" || die "$socket_unit lets others than root connect"
mkdir "$tmp/unit-run"
# shellcheck disable=SC2086
unshare -m --propagation private sh -c 'mount --bind "$1" /run && mkdir -m 700 /run/ovl && shift && exec "$@"' sh \
  "$tmp/unit-run" systemd-socket-activate -l "$listen" $execstart 2>"$tmp/activate.log" &
server=$!
sock=$tmp/unit-run/ovl/ovl.sock
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
[ -S "$sock" ] || die "systemd-socket-activate made no socket $listen: $(cat "$tmp/activate.log")"
# A client outside the server's mount namespace is told to run the command itself, and starts the server doing so.
rc=0
OVL_SOCKET=$sock /opt/ovl/bin/ovl-client --root "$tmp/root" --runroot "$tmp/run" status >/dev/null || rc=$?
[ "$rc" -eq 75 ] || die "a client in another mount namespace than the server's exited $rc, not 75 (run locally)"
# the clients below run in the server's namespace (nsenter), where they are served
inside() { nsenter -t "$server" -m env OVL_SOCKET="$sock" "$@"; }
served=$(inside /opt/ovl/bin/ovl-client --root "$tmp/root" --runroot "$tmp/run" status) \
  || die "the served ovl status exited $? (75: not served)"
[ "$(tr '\0' ' ' </proc/$server/cmdline)" = "$execstart " ] || die "pid $server is not the unit's $execstart"
# The JVM runs inside the launcher's process, so its options are asked from the JVM itself.
jcmd "$server" VM.command_line >"$tmp/serve.cmdline" || die "jcmd $server VM.command_line exited $?"
grep -q "^java_command: dev.ovl.cli.Main ${execstart#/opt/ovl/bin/ovl-serve }\$" "$tmp/serve.cmdline" \
  || die "the unit's JVM does not run Main serve"
! grep -q TieredStopAtLevel "$tmp/serve.cmdline" || die "the unit's JVM has the CLI's C1-only options"
level=$(jcmd "$server" VM.flags -all | awk '$2 == "TieredStopAtLevel" {print $4}')
[ "$level" = 4 ] || die "the unit's JVM compiles up to tier '$level', not 4 (C2)"
grep -q ' /opt/ovl/lib/app/ovl.jsa$' /proc/$server/maps || die "the unit's JVM does not map the CLI's archive ovl.jsa"
[ "$served" = "$(OVL_NO_SERVER=1 ovl --root "$tmp/root" --runroot "$tmp/run" status)" ] \
  || die "the served ovl status differs from the local one: $served"
[ "$(inside ovl --root "$tmp/root" --runroot "$tmp/run" layers)" = \
  "$(OVL_NO_SERVER=1 ovl --root "$tmp/root" --runroot "$tmp/run" layers)" ] || die "served ovl layers differs"
dpkg-query -W -f='${Recommends}' ovl | grep -qw nailgun || die "the package does not recommend nailgun"
if command -v ng-nailgun >/dev/null; then # what /usr/bin/ovl runs for status when nailgun is installed
  # shellcheck disable=SC2016
  [ "$(inside sh -c 'read -r ns </proc/self/mountinfo; OVL_NS=$ns NAILGUN_SERVER=local:$OVL_SOCKET exec ng-nailgun \
    ovl "$@"' sh --root "$tmp/root" --runroot "$tmp/run" status)" = "$served" ] \
    || die "ovl status through ng-nailgun differs from the local one"
fi
[ "$(awk '$6 ~ /libjnidispatch/ {print $6}' /proc/$server/maps | sort -u)" = "$jnalib" ] \
  || die "the server did not load JNA's library from $jnalib"
kill -TERM "$server"
rc=0
wait "$server" || rc=$?
server=''
grep -q "^SuccessExitStatus=.*\b$rc\b" "$unit" || [ "$rc" -eq 0 ] || die "the server exited $rc, a failure to systemd"
[ -S "$sock" ] || die "ovl serve removed the socket it was handed (systemd removes it with ovl.socket)"
rm -rf "$tmp/unit-run"
ok "ovl.socket starts ovl.service: ovl-serve with C2 and the CLI's archive, a served ovl status"\
" and layers; stops clean"

# `ovl serve` from the shell runs the same launcher (arguments given replace its default `serve`).
sock=$tmp/serve/ovl.sock
/usr/bin/ovl serve --socket "$sock" &
server=$!
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
[ -S "$sock" ] || die "ovl serve --socket made no socket $sock"
[ "$(tr '\0' ' ' </proc/$server/cmdline)" = "/opt/ovl/bin/ovl-serve serve --socket $sock " ] \
  || die "/usr/bin/ovl serve did not run the ovl-serve launcher: $(tr '\0' ' ' </proc/$server/cmdline)"
[ "$(jcmd "$server" VM.flags -all | awk '$2 == "TieredStopAtLevel" {print $4}')" = 4 ] \
  || die "/usr/bin/ovl serve runs without C2"
kill -TERM "$server"
wait "$server" || true
server=''
[ ! -e "$sock" ] || die "ovl serve left its socket behind after SIGTERM"
ok "/usr/bin/ovl serve --socket runs ovl-serve with C2"

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
  # `ovl gui` runs the ovl-gui launcher: the CLI on the inspector's class path, options and archive.
  shot=$tmp/ovl-gui.png
  JAVA_TOOL_OPTIONS="-Xlog:class+load=info:file=$tmp/gui-classes.log -Xlog:cds=info:file=$tmp/gui-cds.log" \
    xvfb-run -a -s '-screen 0 1280x800x24' timeout 300 ovl --root "$tmp/root" --runroot "$tmp/run" gui \
    --screenshot "$shot" --view layers || die "ovl gui --screenshot exited $?"
  is_png "$shot" || die "no PNG at $shot"
  grep -q 'Opened archive /opt/ovl/lib/app/ovl-gui.jsa' "$tmp/gui-cds.log" || die "ovl gui did not open ovl-gui.jsa"
  for class in dev.ovl.cli.Main dev.ovl.gui.Launcher javafx.scene.control.TableView; do
    grep -q "$class source: shared" "$tmp/gui-classes.log" || die "ovl gui did not load $class from ovl-gui.jsa"
  done
  ok "installed 'ovl gui' wrote a $(stat -c %s "$shot")-byte PNG under Xvfb, with the inspector's archive"
else
  echo "deb-test: skip: no inspector in this tree yet (gui/src/main/java/dev/ovl/gui/Launcher.java)"
fi

# An admin's `systemctl disable ovl.socket` outlives an upgrade and a removal; no unit symlink outlives the package.
units() { find /etc/systemd/system /var/lib/systemd/deb-systemd-helper-enabled -name 'ovl.*' 2>/dev/null; }
systemctl disable --quiet ovl.socket || die "systemctl disable ovl.socket exited $?"
[ ! -e "$wants" ] || die "could not disable ovl.socket"
dpkg -i "$deb" >/dev/null || die "dpkg -i $deb (again)"
[ ! -e "$wants" ] || die "reinstalling enabled ovl.socket again after systemctl disable"
dpkg -r ovl >/dev/null || die "dpkg -r ovl"
[ -z "$(find /etc/systemd/system -name 'ovl.*')" ] || die "unit symlinks left after dpkg -r ovl: $(units)"
dpkg -i "$deb" >/dev/null || die "dpkg -i $deb (after dpkg -r)"
[ ! -e "$wants" ] || die "reinstalling after dpkg -r enabled ovl.socket an admin had disabled"
systemctl enable --quiet ovl.socket || die "systemctl enable ovl.socket exited $?"
dpkg -r ovl >/dev/null || die "dpkg -r ovl"
[ -z "$(units)" ] || die "unit symlinks or state left after dpkg -r ovl: $(units)"
dpkg -i "$deb" >/dev/null || die "dpkg -i $deb (after dpkg -r)"
[ -L "$wants" ] || die "reinstalling after dpkg -r did not enable ovl.socket again"
ok "ovl.socket stays disabled once an admin disabled it, is enabled again on a reinstall otherwise"

dpkg --purge ovl >/dev/null || die "dpkg --purge ovl"
[ ! -e /usr/bin/ovl ] && [ ! -e /opt/ovl ] && ! man -w ovl >/dev/null 2>&1 || die "files left after dpkg --purge ovl"
[ -z "$(units)" ] || die "unit symlinks or state left after dpkg --purge ovl: $(units)"
ok "removed, no unit symlink left"
