#!/bin/sh
# Builds the ovl .deb from a finished `mvn -B package`: a jpackage app image (packaging/target/deb/image/ovl)
# with the launchers `ovl` (the CLI), `ovl-client` (of `ovl serve`), `ovl-serve` (the server, ovl.service) and,
# when the inspector is built, `ovl-inspector` and `ovl-gui` (`ovl gui`), and JNA's native library unpacked
# once (lib/app/jna, read-only); jpackage turns it into a .deb, which is then completed with what jpackage cannot
# place outside /opt/ovl: /usr/bin/ovl, ovl.service, the man pages, bash completion and, for the inspector, the
# pkexec wrapper, polkit action, desktop entry and icon.
# Prints the path of the .deb. Needs jpackage (JDK 17), fakeroot, dpkg-deb, asciidoctor (test-deps.sh).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
src=$here/src/deb
out=$here/target/deb

die() { echo "deb-build: $*" >&2; exit 1; }
for tool in jpackage jdeps fakeroot dpkg-deb asciidoctor unzip; do
  command -v "$tool" >/dev/null || die "$tool is missing (packaging/test-deps.sh installs it)"
done
jar=$here/target/ovl.jar
[ -f "$jar" ] && [ -f "$here/target/ovl-completion.bash" ] && [ -f "$here/target/man/ovl.adoc" ] \
  || die "packaging/target is not built; run: mvn -B -DskipTests package"
version=$(unzip -p "$jar" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Implementation-Version: *//p')
[ -n "$version" ] || die "ovl.jar has no Implementation-Version"
debversion=$(echo "$version" | sed 's/-SNAPSHOT$/~SNAPSHOT/')  # a snapshot sorts before its release
core=$top/core/target/ovl-core-$version.jar
[ -f "$core" ] || die "$core is missing; run: mvn -B -DskipTests package"
gui=$top/gui/target/ovl-gui-$version.jar
if [ -f "$gui" ] && unzip -l "$gui" dev/ovl/gui/Launcher.class >/dev/null 2>&1; then
  inspector=yes
else
  inspector=no
  echo "deb-build: no dev.ovl.gui.Launcher in gui/target: building the .deb without the inspector" >&2
fi

rm -rf "$out"
mkdir -p "$out/input" "$out/jpackage"
cp "$core" "$top"/core/target/lib/*.jar "$out/input/"
if [ "$inspector" = yes ]; then
  cp "$gui" "$top"/gui/target/lib/*.jar "$out/input/"
fi

# The runtime image: what jdeps finds in the non-JavaFX jars, plus what JavaFX and logback need at run time.
found=$(ls "$out"/input/*.jar | grep -v '/javafx-' | xargs jdeps -q --ignore-missing-deps --multi-release 17 \
  --print-module-deps 2>/dev/null) || die "jdeps failed on $out/input"
modules="$found,java.desktop,java.logging,java.naming,java.scripting,java.sql,java.xml,jdk.unsupported,jdk.zipfs"

java "$src/Icon.java" "$out/ovl.png" 256
set -- --type app-image --name ovl --dest "$out/image" --input "$out/input" --icon "$out/ovl.png" \
  --main-jar "$(basename "$core")" --main-class dev.ovl.cli.Main --app-version "$debversion" \
  --add-modules "$modules" \
  --java-options '-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -XX:SharedArchiveFile=$APPDIR/ovl.jsa' \
  --java-options '-Djna.boot.library.path=$APPDIR/jna -Djna.nosys=true' \
  --description "containers/storage overlay graph driver: inspect, mount and repair layer stores" \
  --vendor "ovl maintainers" --copyright "the ovl authors"
set -- "$@" --add-launcher "ovl-client=$src/client.properties" --add-launcher "ovl-serve=$src/serve.properties"
if [ "$inspector" = yes ]; then
  set -- "$@" --add-launcher "ovl-inspector=$src/inspector.properties" --add-launcher "ovl-gui=$src/gui.properties"
fi
jpackage "$@"
app=$out/image/ovl/lib/app
# The CLI's jars first: a class missing from the class-data archive is looked up jar by jar, and opening the
# JavaFX jars costs a short command more than it runs.
for cfg in "$app/ovl.cfg" "$app/ovl-client.cfg" "$app/ovl-serve.cfg"; do
  awk '/^app.classpath=/ && /javafx-|monocle|ovl-gui/ {late = late $0 "\n"; next}
       /^app.classpath=/ {print; next}
       /^app.mainclass=/ {main = $0; next}
       /^$/ && !done {printf "%s%s\n", late, main; done = 1}
       {print}' "$cfg" >"$cfg.new" && mv "$cfg.new" "$cfg"
done

# An archive is only used with the class path it was dumped for: ovl-serve maps the CLI's, ovl-gui the inspector's.
same_path() { [ "$(grep '^app.classpath=' "$app/$1.cfg")" = "$(grep '^app.classpath=' "$app/$2.cfg")" ]; }
same_path ovl ovl-serve || die "ovl-serve's class path differs from ovl's, so it could not use ovl.jsa"
[ "$inspector" = no ] || same_path ovl-inspector ovl-gui || die "ovl-gui's class path differs from ovl-inspector's"

# JNA's native library, taken from the jar on the class path: otherwise every start writes it to a temp file (and
# seeds SecureRandom for its name). The launchers name only this directory and jna.nosys=true keeps JNA from the
# system's library path, so no other libjnidispatch (Debian's libjna-jni) can be loaded.
case $(dpkg --print-architecture) in
  amd64) jnaarch=x86-64 ;;
  arm64) jnaarch=aarch64 ;;
  *) die "no JNA native library known for $(dpkg --print-architecture)" ;;
esac
jnajar=$(ls "$app"/jna-[0-9]*.jar) || die "no JNA jar in $app"
mkdir -p "$app/jna"
unzip -p "$jnajar" "com/sun/jna/linux-$jnaarch/libjnidispatch.so" >"$app/jna/libjnidispatch.so"
[ -s "$app/jna/libjnidispatch.so" ] || die "$jnajar has no com/sun/jna/linux-$jnaarch/libjnidispatch.so"

deps=libgtk-3-0
[ "$inspector" = yes ] && deps="$deps, pkexec"
# jpackage's own .deb is only unpacked again below, so it need not be compressed hard.
DPKG_DEB_COMPRESSOR_TYPE=gzip DPKG_DEB_COMPRESSOR_LEVEL=1 jpackage --type deb --app-image "$out/image/ovl" \
  --name ovl --app-version "$debversion" --dest "$out/jpackage" --linux-package-deps "$deps" \
  --linux-app-category admin --linux-deb-maintainer ovl@localhost \
  --description "containers/storage overlay graph driver: inspect, mount and repair layer stores" \
  --vendor "ovl maintainers" --copyright "the ovl authors"

root=$out/root
dpkg-deb -R "$out"/jpackage/ovl_*.deb "$root"
mkdir -p "$root/usr/bin" "$root/usr/share/man/man1" "$root/usr/share/bash-completion/completions"
install -m 755 "$src/ovl" "$root/usr/bin/ovl"
install -m 644 "$src/served.sh" "$root/opt/ovl/lib/served.sh" # its served path, shared with the checkout's ./ovl
chmod 444 "$root/opt/ovl/lib/app/jna/libjnidispatch.so"
# `ovl serve` as a socket-activated service: postinst enables and starts ovl.socket as dh_installsystemd's snippets
# do (`systemctl disable --now ovl.socket` turns it off, and an upgrade keeps it off); ovl.service is only ever
# started by the socket.
install -D -m 644 "$src/ovl.service" "$root/lib/systemd/system/ovl.service"
install -D -m 644 "$src/ovl.socket" "$root/lib/systemd/system/ovl.socket"
asciidoctor -b manpage -D "$root/usr/share/man/man1" "$here"/target/man/*.adoc
gzip -9n "$root"/usr/share/man/man1/*.1
install -m 644 "$here/target/ovl-completion.bash" "$root/usr/share/bash-completion/completions/ovl"
if [ "$inspector" = yes ]; then
  install -m 755 "$src/ovl-inspector" "$root/usr/bin/ovl-inspector"
  install -D -m 644 "$src/dev.ovl.Inspector.desktop" "$root/usr/share/applications/dev.ovl.Inspector.desktop"
  install -D -m 644 "$src/dev.ovl.inspector.policy" "$root/usr/share/polkit-1/actions/dev.ovl.inspector.policy"
  install -D -m 644 "$out/ovl.png" "$root/usr/share/icons/hicolor/256x256/apps/ovl.png"
fi
# The class-data archive must be dumped by the installed runtime against the installed jars, so postinst makes it
# (a missing or stale archive is ignored by the JVM) and prerm deletes it.
install -m 755 "$here/cds-archive.sh" "$root/opt/ovl/lib/cds-archive.sh"
hook() { # adds stdin to maintainer script $1, before the `exit 0` that ends jpackage's version of it
  f=$root/DEBIAN/$1
  sed -i -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$f"
  [ "$(tail -n 1 "$f")" = "exit 0" ] || die "$f does not end with exit 0"
  sed -i '$d' "$f"
  cat >>"$f"
  echo "exit 0" >>"$f"
}
hook postinst <<'SH'
if [ "$1" = configure ]; then
  /opt/ovl/lib/cds-archive.sh /opt/ovl/lib/app/ovl.jsa /opt/ovl/bin/ovl || true
  if [ -x /opt/ovl/bin/ovl-gui ]; then # `ovl gui`: also what ovl-inspector loads, on the same class path
    /opt/ovl/lib/cds-archive.sh --gui /opt/ovl/lib/app/ovl-gui.jsa /opt/ovl/bin/ovl-gui gui || true
  fi
fi
case $1 in configure|abort-upgrade|abort-deconfigure|abort-remove)
  if [ -x /usr/bin/deb-systemd-helper ]; then
    deb-systemd-helper unmask ovl.socket >/dev/null || true
    # enabled on a first install; an upgrade keeps an admin's `systemctl disable`
    if deb-systemd-helper --quiet was-enabled ovl.socket; then
      deb-systemd-helper enable ovl.socket >/dev/null || true
    else
      deb-systemd-helper update-state ovl.socket >/dev/null || true
    fi
  fi
  if [ -d /run/systemd/system ]; then # systemd runs (not in a chroot or a container without it)
    systemctl --system daemon-reload >/dev/null || true
    # an upgrade restarts the socket, and with it a running server, which then runs the new jars
    if [ -n "${2:-}" ]; then action=restart; else action=start; fi
    deb-systemd-invoke "$action" ovl.socket >/dev/null || true
  fi
  ;;
esac
SH
hook prerm <<'SH'
rm -f /opt/ovl/lib/app/ovl.jsa /opt/ovl/lib/app/ovl-gui.jsa
if [ -z "${DPKG_ROOT:-}" ] && [ "$1" = remove ] && [ -d /run/systemd/system ]; then
  deb-systemd-invoke stop ovl.socket ovl.service >/dev/null || true
fi
SH
hook postrm <<'SH'
if [ -x /usr/bin/deb-systemd-helper ]; then
  # no unit symlink outlives the package; its state too unless an admin disabled the socket, which a reinstall keeps
  if [ "$1" = purge ] || { [ "$1" = remove ] && deb-systemd-helper --quiet was-enabled ovl.socket; }; then
    deb-systemd-helper purge ovl.socket >/dev/null || true
  elif [ "$1" = remove ]; then
    deb-systemd-helper disable ovl.socket >/dev/null || true
  fi
fi
if [ -d /run/systemd/system ] && [ "$1" = remove ]; then
  systemctl --system daemon-reload >/dev/null || true
fi
SH
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -print | sed 's|^\./||' | LC_ALL=C sort \
  | xargs md5sum) > "$root/DEBIAN/md5sums"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -i "s/^Installed-Size:.*/Installed-Size: $size/" "$root/DEBIAN/control"
# ng-nailgun, the native client /usr/bin/ovl prefers for served commands
grep -q '^Depends:' "$root/DEBIAN/control" || die "no Depends: in $root/DEBIAN/control"
sed -i '/^Depends:/a Recommends: nailgun' "$root/DEBIAN/control"
deb=$here/target/ovl_${debversion}-1_amd64.deb
rm -f "$here"/target/ovl_*.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
