package dev.ovl.natives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyscallsTest {
  @Test
  void failedCallNamesSyscallPathAndErrno() {
    Path missing = Path.of("/nonexistent/ovl-test");
    assertThatThrownBy(() -> Syscalls.statfs(missing))
        .isInstanceOf(SyscallException.NotFound.class)
        .hasMessageContaining("statfs")
        .hasMessageContaining("/nonexistent/ovl-test")
        .hasMessageContaining("ENOENT")
        .satisfies(e -> assertThat(((SyscallException) e).errno()).isEqualTo(Errno.ENOENT));
  }

  @Test
  void statfsReportsProcMagic() throws Exception {
    assertThat(Syscalls.statfs(Path.of("/proc")).type()).isEqualTo(0x9fa0L);
  }

  @Test
  void makedevRoundTrips() {
    long dev = Syscalls.makedev(259, 70000);
    assertThat(Syscalls.major(dev)).isEqualTo(259);
    assertThat(Syscalls.minor(dev)).isEqualTo(70000);
    assertThat(Syscalls.makedev(0, 0)).isZero();
  }

  @Test
  void xattrsAndCharDeviceAndSetuidChmod() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("sys")) {
      Path f = Files.writeString(s.resolve("f"), "x");
      Syscalls.lsetxattr(f, "trusted.overlay.opaque", "y".getBytes(StandardCharsets.UTF_8), 0);
      assertThat(Syscalls.lgetxattr(f, "trusted.overlay.opaque")).hasValueSatisfying(
          v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("y"));
      assertThat(Syscalls.llistxattr(f)).contains("trusted.overlay.opaque");
      assertThat(Syscalls.lgetxattr(f, "trusted.none")).isEmpty();
      Syscalls.lremovexattr(f, "trusted.overlay.opaque");
      assertThat(Syscalls.llistxattr(f)).doesNotContain("trusted.overlay.opaque");

      Path wh = s.resolve("wh");
      Syscalls.mknod(wh, Syscalls.S_IFCHR, Syscalls.makedev(0, 0));
      assertThat(Files.getAttribute(wh, "unix:rdev", java.nio.file.LinkOption.NOFOLLOW_LINKS)).isEqualTo(0L);
      int mode = (Integer) Files.getAttribute(wh, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
      assertThat(mode & Syscalls.S_IFMT).isEqualTo(Syscalls.S_IFCHR);

      Syscalls.chmod(f, 04755);
      assertThat((Integer) Files.getAttribute(f, "unix:mode") & 07777).isEqualTo(04755);
      Syscalls.lchown(f, 1, 2);
      assertThat(Files.getAttribute(f, "unix:uid")).isEqualTo(1);
    }
  }

  @Test
  void overlayMountThroughBothApisAndUnmount() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("mnt")) {
      for (String d : List.of("l1", "l2", "u", "w", "m")) {
        Files.createDirectory(s.resolve(d));
      }
      Files.writeString(s.resolve("l2/a"), "from l2");
      Files.writeString(s.resolve("l1/b"), "from l1");
      Path m = s.resolve("m");
      Syscalls.mount("overlay", m, "overlay", 0,
          "lowerdir=" + s.resolve("l1") + ":" + s.resolve("l2") + ",upperdir=" + s.resolve("u")
              + ",workdir=" + s.resolve("w"));
      assertThat(MountInfo.at(m)).singleElement().satisfies(mi -> assertThat(mi.fsType()).isEqualTo("overlay"));
      assertThat(Files.readString(m.resolve("a"))).isEqualTo("from l2");
      Mounts.unmount(m);
      assertThat(MountInfo.isMountPoint(m)).isFalse();

      FsMount.fsmount("overlay", List.of(
          new String[] {"lowerdir+", s.resolve("l1").toString()},
          new String[] {"lowerdir+", s.resolve("l2").toString()},
          new String[] {"upperdir", s.resolve("u").toString()},
          new String[] {"workdir", s.resolve("w").toString()}), m);
      assertThat(Files.readString(m.resolve("b"))).isEqualTo("from l1");
      assertThatThrownBy(() -> Syscalls.umount2(s.resolve("l1"), 0))
          .isInstanceOf(SyscallException.class).hasMessageContaining("umount2").hasMessageContaining("EINVAL");
      Mounts.unmount(m);
      Mounts.unmount(m); // not mounted any more: EINVAL counts as done
    }
  }

  @Test
  void statxAgreesWithTheJdkOnEveryFileType() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("statx")) {
      Path f = Files.writeString(s.resolve("f"), "hello");
      Path d = Files.createDirectory(s.resolve("d"));
      Path l = Files.createSymbolicLink(s.resolve("l"), Path.of("f"));
      Path c = s.resolve("c");
      Syscalls.mknod(c, Syscalls.S_IFCHR | 0600, Syscalls.makedev(1, 3));
      Syscalls.lchown(f, 12, 34);
      for (Path p : List.of(f, d, l, c)) {
        var jdk = Files.readAttributes(p, "unix:mode,ino,dev,rdev,nlink,uid,gid,size,lastModifiedTime",
            java.nio.file.LinkOption.NOFOLLOW_LINKS);
        StatX st = StatX.ofOrNull(p, false);
        assertThat(st.mode()).as(p.toString()).isEqualTo(jdk.get("mode"));
        assertThat(st.ino()).isEqualTo(jdk.get("ino"));
        assertThat(st.dev()).isEqualTo(jdk.get("dev"));
        assertThat(st.rdev()).isEqualTo(jdk.get("rdev"));
        assertThat(st.nlink()).isEqualTo(jdk.get("nlink"));
        assertThat(st.uid()).isEqualTo(jdk.get("uid"));
        assertThat(st.gid()).isEqualTo(jdk.get("gid"));
        assertThat(st.size()).isEqualTo(jdk.get("size"));
        assertThat(st.mtimeNanos()).isEqualTo(
            ((java.nio.file.attribute.FileTime) jdk.get("lastModifiedTime")).to(java.util.concurrent.TimeUnit.NANOSECONDS));
      }
      assertThat(StatX.ofOrNull(l, true).ino()).isEqualTo(StatX.ofOrNull(f, false).ino());
      assertThat(StatX.ofOrNull(s.resolve("missing"), false)).isNull();
      Process p = new ProcessBuilder("sh", "-c", "printf x > \"$(printf 'bad\\377name')\"")
          .directory(s.path().toFile()).start();
      assertThat(p.waitFor()).isZero();
      try (var list = Files.list(s.path())) {
        Path bad = list.filter(x -> x.toString().contains("\uFFFD")).findFirst().orElseThrow();
        assertThat(StatX.ofOrNull(bad, false).size()).as("a name that is not UTF-8").isEqualTo(1);
      }
      assertThat(StatX.ofOrNull(f.resolve("under-a-file"), false)).isNull();
    }
  }
}
