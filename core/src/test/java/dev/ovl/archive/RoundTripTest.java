package dev.ovl.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.Syscalls;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Export then apply gives back the same tree: every type, mode, owner, size, hash, link, rdev, xattr, mtime. */
class RoundTripTest {
  @BeforeEach
  void root() {
    Root.require();
  }

  @Test
  void everyEntryTypeSurvivesExportAndApply() throws IOException {
    try (Scratch s = Scratch.create("roundtrip")) {
      Path src = Files.createDirectories(s.resolve("src"));
      Trees.everyType(src);
      byte[] tar = export(src, IdMappings.IDENTITY, List.of());
      Path dst = Files.createDirectories(s.resolve("dst"));
      long size = TarApply.apply(new ByteArrayInputStream(tar), dst, ApplyOptions.overlay(), Progress.NONE,
          Cancel.NEVER);
      Map<String, String> want = TreeSnapshot.of(src);
      want.remove(".");
      Map<String, String> got = TreeSnapshot.of(dst);
      got.remove(".");
      assertThat(got).isEqualTo(want);
      assertThat(size).isEqualTo(DirSize.of(src));
      assertThat(FileStat.lstat(dst.resolve("hard")).ino()).isEqualTo(FileStat.lstat(dst.resolve("dir/file.txt")).ino());
      assertThat(export(dst, IdMappings.IDENTITY, List.of())).isEqualTo(tar);
    }
  }

  @Test
  void ownersGoThroughTheMapsBothWays() throws IOException {
    try (Scratch s = Scratch.create("maps")) {
      Path src = Files.createDirectories(s.resolve("src"));
      Files.writeString(src.resolve("f"), "x");
      Syscalls.lchown(src.resolve("f"), 100, 200);
      byte[] tar = export(src, IdMappings.IDENTITY, List.of());
      IdMappings m = IdMappings.parse("0:100000:65536", "0:200000:65536");
      Path dst = Files.createDirectories(s.resolve("dst"));
      TarApply.apply(new ByteArrayInputStream(tar), dst, ApplyOptions.overlay().withMappings(m), Progress.NONE,
          Cancel.NEVER);
      FileStat st = FileStat.lstat(dst.resolve("f"));
      assertThat(st.uid()).isEqualTo(100100);
      assertThat(st.gid()).isEqualTo(200200);
      Path back = Files.createDirectories(s.resolve("back"));
      TarApply.apply(new ByteArrayInputStream(export(dst, m, List.of())), back, ApplyOptions.overlay(),
          Progress.NONE, Cancel.NEVER);
      assertThat(FileStat.lstat(back.resolve("f")).uid()).isEqualTo(100);
      assertThat(FileStat.lstat(back.resolve("f")).gid()).isEqualTo(200);
    }
  }

  @Test
  void overlayWhiteoutsAndOpaqueDirsRoundTrip() throws IOException {
    try (Scratch s = Scratch.create("whiteouts")) {
      Path lower = Files.createDirectories(s.resolve("lower/opq"));
      Files.writeString(lower.resolve("old"), "old");
      byte[] tar = new RawTar().file(".wh.gone", "").dir("opq").file("opq/.wh..wh..opq", "").file("opq/new", "n")
          .dir("fresh").file("fresh/.wh..wh..opq", "").bytes();
      Path upper = Files.createDirectories(s.resolve("upper"));
      TarApply.apply(new ByteArrayInputStream(tar), upper, ApplyOptions.overlay(), Progress.NONE, Cancel.NEVER);
      FileStat wo = FileStat.lstat(upper.resolve("gone"));
      assertThat(wo.isWhiteout()).isTrue();
      assertThat(Syscalls.lgetxattr(upper.resolve("opq"), TarApply.OPAQUE_XATTR)).hasValueSatisfying(
          v -> assertThat(v).containsExactly('y'));
      assertThat(Files.exists(upper.resolve("opq/.wh..wh..opq"))).isFalse();

      String listing = listing(export(upper, IdMappings.IDENTITY, List.of(s.resolve("lower"))));
      assertThat(listing).contains(".wh.gone\n", "opq/\n", "opq/.wh..wh..opq\n", "opq/new\n", "fresh/\n")
          .doesNotContain("fresh/.wh..wh..opq");
      assertThat(listing(export(upper, IdMappings.IDENTITY, List.of()))).doesNotContain(".wh..wh..opq");

      Path aufs = Files.createDirectories(s.resolve("aufs"));
      TarApply.apply(new ByteArrayInputStream(tar), aufs, ApplyOptions.overlay().withWhiteouts(WhiteoutFormat.AUFS),
          Progress.NONE, Cancel.NEVER);
      assertThat(Files.isRegularFile(aufs.resolve(".wh.gone"))).isTrue();
      assertThat(Files.isRegularFile(aufs.resolve("opq/.wh..wh..opq"))).isTrue();
    }
  }

  @Test
  void forceMaskKeepsTheRealModeAndOwnerInTheOverrideXattr() throws IOException {
    try (Scratch s = Scratch.create("forcemask")) {
      byte[] tar = new RawTar().entry("f", '0', 04755, 1000, 1001, 1, "x".getBytes(StandardCharsets.UTF_8), "",
          Map.of()).entry("d", '5', 0750, 5, 6, 1, new byte[0], "", Map.of()).symlink("s", "f").bytes();
      Path dst = Files.createDirectories(s.resolve("dst"));
      Syscalls.chmod(dst, 0711);
      TarApply.apply(new ByteArrayInputStream(tar), dst, ApplyOptions.overlay().withForceMask(0700, false),
          Progress.NONE, Cancel.NEVER);
      assertThat(xattr(dst.resolve("f"))).isEqualTo("1000:1001:0755"); // Go drops setuid here (os.FileMode bits)
      assertThat(xattr(dst.resolve("d"))).isEqualTo("5:6:0750");
      assertThat(xattr(dst)).isEqualTo("0:0:0711");
      assertThat(Syscalls.lgetxattr(dst.resolve("s"), TarApply.OVERRIDE_XATTR)).isEmpty();
      assertThat(FileStat.lstat(dst.resolve("f")).mode() & 07777).isEqualTo(0700);
      assertThat(FileStat.lstat(dst.resolve("f")).uid()).isZero();
    }
  }

  @Test
  void sizeCountsHardLinksOnce() throws IOException {
    try (Scratch s = Scratch.create("size")) {
      Path d = Files.createDirectories(s.resolve("d/sub"));
      Files.write(d.resolve("a"), new byte[1000]);
      Files.createLink(d.resolve("b"), d.resolve("a"));
      Files.createSymbolicLink(s.resolve("d/l"), Path.of("sub/a"));
      assertThat(DirSize.of(s.resolve("d"))).isEqualTo(1000 + "sub/a".length());
    }
  }

  private static String xattr(Path p) throws IOException {
    return new String(Syscalls.lgetxattr(p, TarApply.OVERRIDE_XATTR).orElseThrow(), StandardCharsets.UTF_8);
  }

  static byte[] export(Path dir, IdMappings m, List<Path> lowers) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarExport.export(dir, out, m, WhiteoutFormat.OVERLAY, lowers, Progress.NONE, Cancel.NEVER);
    return out.toByteArray();
  }

  static String listing(byte[] tar) throws IOException {
    TarReader r = new TarReader(new ByteArrayInputStream(tar));
    StringBuilder sb = new StringBuilder();
    TarEntry e;
    while ((e = r.next()) != null) {
      sb.append(e.name).append('\n');
    }
    return sb.toString();
  }
}
