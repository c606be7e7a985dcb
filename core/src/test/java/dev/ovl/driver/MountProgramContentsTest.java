package dev.ovl.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.archive.WhiteoutFormat;
import dev.ovl.idtools.IdMappings;
import dev.ovl.interop.LayerTar;
import dev.ovl.interop.Views;
import dev.ovl.natives.Syscalls;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Layer contents through a mount program: AUFS whiteouts in the diff dirs, the naive Diff, force_mask. */
class MountProgramContentsTest {
  @BeforeEach
  void root() {
    Root.require();
  }

  private static OverlayDriver fuse(Scratch s, String... more) throws Exception {
    List<String> opts = new ArrayList<>(List.of("overlay.mount_program=" + MountProgramTest.FUSE_OVERLAYFS));
    opts.addAll(List.of(more));
    return OverlayDriver.init(Files.createDirectories(s.resolve("root")).resolve("overlay"),
        s.resolve("run/overlay"), opts, IdMappings.IDENTITY);
  }

  private static void apply(LayerContents c, String id, String parent, Path tar) throws Exception {
    try (InputStream in = Files.newInputStream(tar)) {
      c.applyDiff(id, parent, IdMappings.IDENTITY, in, Progress.NONE, Cancel.NEVER);
    }
  }

  private static List<String> names(byte[] tar) throws Exception {
    List<String> out = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
        out.add(e.getName());
      }
    }
    return out;
  }

  @Test
  void applyAndDiffRoundTripThroughTheMountProgram() throws Exception {
    try (Scratch s = Scratch.create("mount-program-contents")) {
      Path baseTar = s.resolve("base.tar");
      try (LayerTar t = LayerTar.create(baseTar)) {
        t.dir("data", 0755, 0, 0).file("data/a", "a\n").file("data/b", "b\n").dir("opq", 0755, 0, 0)
            .file("opq/old", "old\n").symlink("link", "data/b");
      }
      Path childTar = s.resolve("child.tar");
      try (LayerTar t = LayerTar.create(childTar)) {
        t.dir("data", 0755, 0, 0).whiteout("data/a").file("data/c", 0600, 1000, 1000,
            "c\n".getBytes(StandardCharsets.UTF_8)).dir("opq", 0700, 0, 0).opaque("opq").file("opq/new", "new\n");
      }
      try (OverlayDriver d = fuse(s)) {
        LayerContents c = LayerContents.of(d);
        assertThat(c.whiteoutFormat()).isEqualTo(WhiteoutFormat.AUFS);
        d.create("base", null, CreateOpts.DEFAULT);
        apply(c, "base", null, baseTar);
        d.create("child", "base", CreateOpts.DEFAULT);
        apply(c, "child", "base", childTar);
        Path diff = d.diffPath("child");
        assertThat(diff.resolve("data/.wh.a")).isRegularFile();
        assertThat(diff.resolve("opq/.wh..wh..opq")).isRegularFile();

        SortedMap<String, String> view = Views.ovl(d, "child");
        assertThat(view).containsKeys("data/b", "data/c", "opq/new", "link")
            .doesNotContainKeys("data/a", "opq/old", "data/.wh.a", "opq/.wh..wh..opq");
        assertThat(view.get("data/c")).startsWith("- 0600 1000:1000 2 ");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.diff("child", IdMappings.IDENTITY, "base", IdMappings.IDENTITY, out, Progress.NONE, Cancel.NEVER);
        // the naive diff compares two trees: the opaque dir comes out as a whiteout per hidden name
        assertThat(names(out.toByteArray())).contains("data/.wh.a", "data/c", "opq/.wh.old", "opq/new")
            .noneMatch(n -> n.startsWith("opq/old") || n.equals("data/b") || n.equals("link"));

        Path again = s.resolve("again.tar");
        Files.write(again, out.toByteArray());
        d.create("copy", "base", CreateOpts.DEFAULT);
        apply(c, "copy", "base", again);
        assertThat(Views.ovl(d, "copy")).isEqualTo(view);
      }
    }
  }

  @Test
  void forceMaskKeepsTheRealOwnerAndModeInTheOverrideXattr() throws Exception {
    try (Scratch s = Scratch.create("mount-program-force-mask")) {
      Path tar = s.resolve("base.tar");
      try (LayerTar t = LayerTar.create(tar)) {
        t.dir("etc", 0755, 0, 0).file("etc/secret", 0640, 1000, 1001, "s\n".getBytes(StandardCharsets.UTF_8));
      }
      try (OverlayDriver d = fuse(s, "overlay.force_mask=0700")) {
        LayerContents c = LayerContents.of(d);
        d.create("base", null, CreateOpts.DEFAULT);
        apply(c, "base", null, tar);
        Path secret = d.diffPath("base").resolve("etc/secret");
        assertThat((Integer) Files.getAttribute(secret, "unix:mode") & 07777).isEqualTo(0700);
        assertThat(Files.getAttribute(secret, "unix:uid")).isEqualTo(0);
        assertThat(new String(Syscalls.lgetxattr(secret, "user.containers.override_stat").orElseThrow(),
            StandardCharsets.UTF_8)).isEqualTo("1000:1001:0640");
        assertThat(Views.ovl(d, "base").get("etc/secret")).startsWith("- 0640 1000:1001 ");
      }
    }
  }
}
