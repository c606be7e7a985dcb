package dev.ovl.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.Syscalls;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Overlay and naive changes on a real overlay mount, including a file that became a non-empty directory. */
class ChangesTest {
  @BeforeEach
  void root() {
    Root.require();
  }

  @Test
  void overlayAndNaiveChangesOfRealOverlayEdits() throws IOException {
    try (Scratch s = Scratch.create("changes")) {
      Path lower = Files.createDirectories(s.resolve("lower"));
      Path upper = Files.createDirectories(s.resolve("upper"));
      Path work = Files.createDirectories(s.resolve("work"));
      Path merged = Files.createDirectories(s.resolve("merged"));
      for (String f : List.of("del", "f2d", "mod", "gone/a", "gone/b", "opq/old")) {
        Files.createDirectories(lower.resolve(f).getParent());
        Files.writeString(lower.resolve(f), f);
      }
      Trees.setTimes(lower);
      Syscalls.mount("overlay", merged, "overlay", 0,
          "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work);
      Files.delete(merged.resolve("del"));
      Files.delete(merged.resolve("f2d"));
      Files.createDirectories(merged.resolve("f2d"));
      Files.writeString(merged.resolve("f2d/child"), "c");
      Files.writeString(merged.resolve("mod"), "modified");
      Files.writeString(merged.resolve("new"), "n");
      Journal.deleteTree(merged.resolve("gone"));
      Journal.deleteTree(merged.resolve("opq"));
      Files.createDirectories(merged.resolve("opq"));
      Files.writeString(merged.resolve("opq/x"), "x");

      List<Change> naive = LayerChanges.naive(merged, IdMappings.IDENTITY, lower, IdMappings.IDENTITY,
          Progress.NONE, Cancel.NEVER);
      assertThat(naive).map(Change::toString).containsExactly("C /f2d", "A /f2d/child", "C /mod", "A /new",
          "C /opq", "A /opq/x", "D /opq/old", "D /del", "D /gone");
      Syscalls.umount2(merged, 0);

      List<Change> overlay = LayerChanges.overlay(List.of(lower), upper, Progress.NONE, Cancel.NEVER);
      assertThat(overlay).map(Change::toString).containsExactly("D /del", "D /f2d", "A /f2d/child", "D /gone",
          "C /mod", "A /new", "D /opq", "A /opq/x");
    }
  }

  /** Lower paths are looked up as a whole-path stat would: through a lower's symlinks, absent under its files. */
  @Test
  void lowerLookupsFollowSymlinksAndStopAtFiles() throws IOException {
    try (Scratch s = Scratch.create("changes-lookup")) {
      Path top = Files.createDirectories(s.resolve("lower1"));
      Path bottom = Files.createDirectories(s.resolve("lower2"));
      Path upper = Files.createDirectories(s.resolve("upper"));
      Files.createDirectories(top.resolve("real"));
      Files.writeString(top.resolve("real/x"), "x");
      Files.createSymbolicLink(top.resolve("lnk"), Path.of("real"));
      Files.writeString(top.resolve("f"), "a file over a dir below");
      Files.createDirectories(bottom.resolve("f"));
      Files.writeString(bottom.resolve("f/z"), "z");
      Files.createDirectories(bottom.resolve("deep/er"));
      Files.writeString(bottom.resolve("deep/er/w"), "w");
      for (String f : List.of("lnk/x", "lnk/y", "f/z", "deep/er/w", "deep/er/v")) {
        Files.createDirectories(upper.resolve(f).getParent());
        Files.writeString(upper.resolve(f), "new " + f);
      }
      for (Path tree : List.of(top, bottom, upper)) { // distinct times: no dir compares equal by chance
        Trees.setTimes(tree);
      }
      List<Change> overlay = LayerChanges.overlay(List.of(top, bottom), upper, Progress.NONE, Cancel.NEVER);
      assertThat(overlay).map(Change::toString).containsExactly("C /deep", "C /deep/er", "A /deep/er/v",
          "C /deep/er/w", "C /f", "C /f/z", "C /lnk", "C /lnk/x", "A /lnk/y");
    }
  }

  @Test
  void aLowerSymlinkLoopCountsAsMissingAsADanglingOneDoes() throws IOException {
    try (Scratch s = Scratch.create("changes-loop")) {
      Path lower = Files.createDirectories(s.resolve("lower"));
      Path upper = Files.createDirectories(s.resolve("upper"));
      Files.createSymbolicLink(lower.resolve("loop"), Path.of("loop"));
      Files.createSymbolicLink(lower.resolve("dangling"), Path.of("nowhere"));
      Files.writeString(upper.resolve("loop"), "a file over a symlink to itself");
      Files.writeString(upper.resolve("dangling"), "a file over a dangling symlink");
      assertThat(LayerChanges.overlay(List.of(lower), upper, Progress.NONE, Cancel.NEVER))
          .map(Change::toString).containsExactly("A /dangling", "A /loop"); // Go fails on the loop (ELOOP)
    }
  }

  @Test
  void fileReplacedByNonEmptyDirectoryWithoutWhiteout() throws IOException {
    try (Scratch s = Scratch.create("f2d")) {
      Path lower = Files.createDirectories(s.resolve("lower"));
      Files.writeString(lower.resolve("x"), "file");
      Path upper = Files.createDirectories(s.resolve("upper"));
      byte[] tar = new RawTar().dir("x").dir("x/y").file("x/y/z", "z").bytes();
      TarApply.apply(new ByteArrayInputStream(tar), upper, ApplyOptions.overlay(), Progress.NONE, Cancel.NEVER);
      assertThat(LayerChanges.overlay(List.of(lower), upper, Progress.NONE, Cancel.NEVER))
          .map(Change::toString).containsExactly("C /x", "A /x/y", "A /x/y/z");
    }
  }

  @Test
  void layerModeAppliesWhiteoutsByDeletingAndSumsEntrySizes() throws IOException {
    try (Scratch s = Scratch.create("layermode")) {
      Path t = Files.createDirectories(s.resolve("t/opq"));
      Files.writeString(t.resolve("old"), "old");
      Files.writeString(s.resolve("t/gone"), "gone");
      byte[] tar = new RawTar().file(".wh.gone", "").dir("opq").file("opq/new", "12345")
          .file("opq/.wh..wh..opq", "").bytes();
      long size = TarApply.apply(new ByteArrayInputStream(tar), s.resolve("t"), ApplyOptions.overlay().asLayer(),
          Progress.NONE, Cancel.NEVER);
      assertThat(size).isEqualTo(5);
      assertThat(Files.exists(s.resolve("t/gone"))).isFalse();
      assertThat(Files.exists(t.resolve("old"))).isFalse();
      assertThat(Files.readString(t.resolve("new"))).isEqualTo("12345");
    }
  }

  @Test
  void chownByMapsShiftsOwnersKeepsCapabilitiesAndSetuid() throws IOException {
    try (Scratch s = Scratch.create("chown")) {
      Path d = Files.createDirectories(s.resolve("d/sub"));
      Files.writeString(d.resolve("f"), "f");
      Syscalls.lchown(d.resolve("f"), 100005, 100006);
      Syscalls.chmod(d.resolve("f"), 04755);
      Syscalls.lsetxattr(d.resolve("f"), "security.capability", Trees.capability(), 0);
      Files.createSymbolicLink(d.resolve("l"), Path.of("/etc/passwd"));
      Syscalls.lchown(d.resolve("l"), 100001, 100001);
      Files.createLink(d.resolve("h"), d.resolve("f"));
      IdMappings from = IdMappings.parse("0:100000:65536", "0:100000:65536");
      IdMappings to = IdMappings.parse("0:200000:65536", "0:200000:65536");
      IdShift.chownByMaps(s.resolve("d"), from, to, Progress.NONE, Cancel.NEVER);
      FileStat f = FileStat.lstat(d.resolve("f"));
      assertThat(f.uid()).isEqualTo(200005);
      assertThat(f.gid()).isEqualTo(200006);
      assertThat(f.mode() & 07777).isEqualTo(04755);
      assertThat(Syscalls.lgetxattr(d.resolve("f"), "security.capability")).hasValueSatisfying(
          v -> assertThat(v).isEqualTo(Trees.capability()));
      assertThat(FileStat.lstat(d.resolve("l")).uid()).isEqualTo(200001);
      assertThat(FileStat.lstat(Path.of("/etc/passwd")).uid()).isZero();
      assertThat(FileStat.lstat(s.resolve("d")).uid()).isEqualTo(200000);
      assertThat(FileStat.lstat(d.resolve("h")).ino()).isEqualTo(f.ino());
    }
  }
}
