package dev.ovl.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.archive.Change;
import dev.ovl.archive.WhiteoutFormat;
import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.Syscalls;
import dev.ovl.testing.Root;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The naive paths (not the direct parent, a mount program) and DiffGetter, on real mounts. */
class LayerContentsTest {
  @BeforeEach
  void root() {
    Root.require();
  }

  @Test
  void naivePathsWhenTheParentIsNotTheDirectOne() throws IOException {
    try (DriverFixture f = DriverFixture.create("lc-naive")) {
      LayerContents lc = LayerContents.of(f.driver);
      f.driver.create("base", null, null);
      apply(lc, "base", null, tar("etc/", null, "etc/passwd", "root", "etc/group", "g", "keep", "k"));
      f.driver.create("mid", "base", null);
      apply(lc, "mid", "base", tar("etc/.wh.group", "", "mid", "m"));
      f.driver.create("top", "mid", null);
      long size = apply(lc, "top", null, tar(".wh.keep", "", "top", "tt"));
      assertThat(size).isEqualTo(2); // naive: the sum of the tar's entry sizes
      FileStat wo = FileStat.of(f.driver.diffPath("top").resolve("keep"));
      assertThat(wo.whiteout()).as("the kernel made an overlay whiteout").isTrue();

      List<String> vsBase = lc.changes("top", null, "base", null, Progress.NONE, Cancel.NEVER).stream()
          .map(Change::toString).toList();
      assertThat(vsBase).containsExactly("C /etc", "D /etc/group", "A /mid", "A /top", "D /keep");
      assertThat(lc.diffSize("top", null, "base", null, Progress.NONE, Cancel.NEVER)).isEqualTo(3);
      assertThat(names(diff(lc, "top", "base"))).containsExactly("etc/", "etc/.wh.group", ".wh.keep", "mid",
          "top");
      assertThat(names(diff(lc, "top", null))).containsExactly("etc/", "etc/passwd", "mid", "top");
      assertThat(f.driver.mountCount("top")).isZero();
      assertThat(f.driver.mountCount("base")).isZero();
    }
  }

  @Test
  void naiveApplyWhitesOutDirectoriesOfLowerLayers() throws IOException {
    try (DriverFixture f = DriverFixture.create("lc-naive-dirs")) {
      LayerContents lc = LayerContents.of(f.driver);
      f.driver.create("base", null, null);
      apply(lc, "base", null, tar("a/", null, "a/b/", null, "a/b/f", "ff", "a/b/c/", null, "a/b/c/g", "gg",
          "o/", null, "o/d/", null, "o/d/h", "hh", "o/i", "ii"));
      f.driver.create("top", "base", null);
      // overlayfs without redirect_dir cannot rename a lower directory (EXDEV): the removal must still work
      // o/d is unpacked before o's opaque marker: what the lower has below it is hidden all the same
      apply(lc, "top", null, tar("a/.wh.b", "", "o/", null, "o/d/", null, "o/d/n", "n", "o/.wh..wh..opq", "",
          "o/new", "n"));
      Path merged = f.driver.get("top", MountOpts.DEFAULT);
      try {
        assertThat(merged.resolve("a")).isEmptyDirectory();
        assertThat(list(merged.resolve("o"))).containsExactly("d", "new");
        assertThat(list(merged.resolve("o/d"))).containsExactly("n");
        try (var s = Files.list(merged)) {
          assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a", "o");
        }
      } finally {
        f.driver.put("top");
      }
      assertThat(list(f.driver.diffPath("base").resolve("a/b"))).as("the parent is untouched")
          .containsExactly("c", "f");
    }
  }

  @Test
  void failedNaiveApplyPutsBackTheLowerDirectoriesItRemoved() throws IOException {
    try (DriverFixture f = DriverFixture.create("lc-naive-undo")) {
      LayerContents lc = LayerContents.of(f.driver);
      f.driver.create("base", null, null);
      apply(lc, "base", null, tar("a/", null, "a/b/", null, "a/b/f", "ff", "a/b/c/", null, "a/b/c/g", "gg"));
      f.driver.create("top", "base", null);
      Path merged = f.driver.get("top", MountOpts.DEFAULT);
      Map<String, String> before;
      try {
        Syscalls.lsetxattr(merged.resolve("a/b"), "user.k", new byte[] {'v'}, 0);
        before = tree(merged);
      } finally {
        f.driver.put("top");
      }
      byte[] good = tar("a/.wh.b", "", "x", "y".repeat(2000));
      byte[] cut = Arrays.copyOf(good, 512 * 2 + 700); // the whiteout, then x's header and part of its data
      assertThatThrownBy(() -> apply(lc, "top", null, cut)).isInstanceOf(IOException.class);
      merged = f.driver.get("top", MountOpts.DEFAULT);
      try {
        assertThat(tree(merged)).isEqualTo(before);
      } finally {
        f.driver.put("top");
      }
      assertThat(f.driver.mountCount("top")).isZero();
    }
  }

  @Test
  void aRemovalStoppedHalfWayByAFullDiskIsPutBackWhole() throws IOException {
    try (DriverFixture f = DriverFixture.onTmpfs("lc-naive-full", "3m")) {
      LayerContents lc = LayerContents.of(f.driver);
      f.driver.create("base", null, null);
      String big = "g".repeat(1_600_000);
      apply(lc, "base", null, tar("a/", null, "a/b/", null, "a/b/f", "ff", "a/b/g", big));
      f.driver.create("top", "base", null);
      Path merged = f.driver.get("top", MountOpts.DEFAULT);
      Map<String, String> before;
      try {
        before = tree(merged);
      } finally {
        f.driver.put("top");
      }
      // moving a/b aside copies up f, then g, which does not fit: the move stops with f in the trash
      assertThatThrownBy(() -> apply(lc, "top", null, tar("a/.wh.b", ""))).hasMessageContaining("ENOSPC");
      merged = f.driver.get("top", MountOpts.DEFAULT);
      try {
        assertThat(tree(merged)).isEqualTo(before);
      } finally {
        f.driver.put("top");
      }
    }
  }

  /** Every entry below {@code root}: its type, mode, owner, mtime, xattrs and file content. */
  private static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (var s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        var a = Files.readAttributes(p, "unix:mode,uid,gid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        StringBuilder v = new StringBuilder(a.toString());
        for (String x : Syscalls.llistxattr(p)) {
          v.append(' ').append(x).append('=').append(new String(Syscalls.lgetxattr(p, x).orElseThrow()));
        }
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          v.append(' ').append(Files.readString(p));
        }
        out.put(root.relativize(p).toString(), v.toString());
      }
    }
    return out;
  }

  private static List<String> list(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void diffGetterReadsRegularFilesOnlyAndStaysInside() throws IOException {
    try (DriverFixture f = DriverFixture.create("lc-getter")) {
      LayerContents lc = LayerContents.of(f.driver);
      f.driver.create("lay", null, null);
      apply(lc, "lay", null, tar("etc/", null, "etc/passwd", "root:x"));
      Files.createSymbolicLink(f.driver.diffPath("lay").resolve("link"), Path.of("/etc"));
      try (InputStream in = lc.diffGetter("lay", "etc/passwd")) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("root:x");
      }
      assertThatThrownBy(() -> lc.diffGetter("lay", "../l/diff/etc/passwd")).hasMessageContaining("climbs out");
      assertThatThrownBy(() -> lc.diffGetter("lay", "link/passwd")).hasMessageContaining("symlink");
      assertThatThrownBy(() -> lc.diffGetter("lay", "etc")).hasMessageContaining("not a regular file");
    }
  }

  @Test
  void mountProgramKeepsAufsWhiteoutsAndDiffsNaively() throws IOException {
    try (DriverFixture f = DriverFixture.create("lc-fuse", "overlay.mount_program=/usr/bin/fuse-overlayfs")) {
      LayerContents lc = LayerContents.of(f.driver);
      assertThat(lc.whiteoutFormat()).isEqualTo(WhiteoutFormat.AUFS);
      f.driver.create("base", null, null);
      apply(lc, "base", null, tar("a", "1", "b", "2"));
      f.driver.create("child", "base", null);
      apply(lc, "child", "base", tar(".wh.a", "", "c", "3"));
      assertThat(Files.isRegularFile(f.driver.diffPath("child").resolve(".wh.a"), LinkOption.NOFOLLOW_LINKS))
          .isTrue();
      assertThat(lc.changes("child", null, "base", null, Progress.NONE, Cancel.NEVER).stream()
          .map(Change::toString)).containsExactly("A /c", "D /a");
    }
  }

  @Test
  void updateLayerIdMapShiftsLowerFilesThroughTheMountAndRotatesDiff() throws IOException {
    try (DriverFixture f = DriverFixture.create("lc-idmap")) {
      LayerContents lc = LayerContents.of(f.driver);
      f.driver.create("base", null, null);
      apply(lc, "base", null, tar("etc/", null, "etc/passwd", "root"));
      f.driver.create("child", "base", null);
      apply(lc, "child", "base", tar("own", "mine"));
      IdMappings toHost = IdMappings.parse("0:1000:65536", "0:2000:65536");
      lc.updateLayerIdMap("child", IdMappings.IDENTITY, toHost, Progress.NONE, Cancel.NEVER);
      Path dir = f.driver.layerDir("child");
      assertThat(dir.resolve("diff1/own")).exists();
      assertThat(dir.resolve("diff1/etc/passwd")).as("copied up by the chown").exists();
      try (var s = Files.list(dir.resolve("diff"))) {
        assertThat(s).isEmpty();
      }
      assertThat(uid(f.driver.diffPath("base").resolve("etc/passwd"))).as("the parent is untouched").isZero();
      Path merged = f.driver.get("child", MountOpts.DEFAULT);
      try {
        assertThat(uid(merged.resolve("etc/passwd"))).isEqualTo(1000);
        assertThat(uid(merged.resolve("own"))).isEqualTo(1000);
        assertThat(Files.getAttribute(merged.resolve("own"), "unix:gid")).isEqualTo(2000);
      } finally {
        f.driver.put("child");
      }
    }
  }

  @Test
  void updateLayerIdMapSkipsTheWhiteoutsOverlayfsListsInAnOpaqueDir() throws IOException {
    try (DriverFixture f = DriverFixture.create("lc-idmap-opaque")) {
      LayerContents lc = LayerContents.of(f.driver);
      f.driver.create("base", null, null);
      apply(lc, "base", null, tar("d/", null, "d/x", "x", "d/y", "y"));
      f.driver.create("child", "base", null);
      // an opaque d that also whites out x: overlayfs lists x in d, and no lookup finds it
      apply(lc, "child", "base", tar("d/", null, "d/.wh..wh..opq", "", "d/.wh.x", "", "d/z", "z"));
      assertThat(names(diff(lc, "child", null))).as("the naive export of the whole view").containsExactly("d/",
          "d/z");
      assertThat(lc.changes("child", null, null, null, Progress.NONE, Cancel.NEVER)).map(Change::toString)
          .containsExactly("A /d", "A /d/z");
      lc.updateLayerIdMap("child", IdMappings.IDENTITY, IdMappings.parse("0:1000:65536", "0:1000:65536"),
          Progress.NONE, Cancel.NEVER);
      Path merged = f.driver.get("child", MountOpts.DEFAULT);
      try {
        assertThat(uid(merged.resolve("d/z"))).isEqualTo(1000);
        assertThat(merged.resolve("d/y")).doesNotExist();
      } finally {
        f.driver.put("child");
      }
    }
  }

  private static int uid(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  private static long apply(LayerContents lc, String id, String parent, byte[] tar) throws IOException {
    return lc.applyDiff(id, parent, IdMappings.IDENTITY, new ByteArrayInputStream(tar), Progress.NONE,
        Cancel.NEVER);
  }

  private static byte[] diff(LayerContents lc, String id, String parent) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    lc.diff(id, null, parent, null, out, Progress.NONE, Cancel.NEVER);
    return out.toByteArray();
  }

  /** A tar of name/content pairs; a null content makes a directory. Written by commons-compress. */
  static byte[] tar(String... pairs) throws IOException {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(bo)) {
      for (int i = 0; i < pairs.length; i += 2) {
        TarArchiveEntry e = new TarArchiveEntry(pairs[i]);
        byte[] data = pairs[i + 1] == null ? new byte[0] : pairs[i + 1].getBytes(StandardCharsets.UTF_8);
        e.setSize(data.length);
        e.setModTime(1_700_000_000_000L);
        t.putArchiveEntry(e);
        t.write(data);
        t.closeArchiveEntry();
      }
    }
    return bo.toByteArray();
  }

  static List<String> names(byte[] tar) throws IOException {
    List<String> out = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        out.add(e.getName());
      }
    }
    return out;
  }

  /** The few stat fields these tests look at. */
  record FileStat(boolean whiteout) {
    static FileStat of(Path p) throws IOException {
      int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      long rdev = (Long) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
      return new FileStat((mode & 0170000) == 0020000 && rdev == 0);
    }
  }
}
