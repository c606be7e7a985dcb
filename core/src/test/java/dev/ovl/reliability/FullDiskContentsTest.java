package dev.ovl.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.driver.CreateOpts;
import dev.ovl.driver.LayerContents;
import dev.ovl.driver.MountOpts;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.idtools.IdMappings;
import dev.ovl.interop.LayerTar;
import dev.ovl.testing.LoopFs;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * apply-diff, update-id-map and export (diff to a file) running out of space on ext4 and XFS loop filesystems: a
 * one-line error naming ENOSPC and the path, the store exactly as before, no temp files and no partial tar.
 */
class FullDiskContentsTest {
  static final byte[] MIB = new byte[1 << 20];

  /** Every path under {@code home} with its type, owner, mode and size (the whole state a failure may not change). */
  static Map<String, String> state(Path home) throws Exception {
    Map<String, String> m = new TreeMap<>();
    try (var s = Files.walk(home)) {
      for (Path p : s.toList()) {
        Map<String, Object> a = Files.readAttributes(p, "unix:uid,gid,mode,size", LinkOption.NOFOLLOW_LINKS);
        m.put(home.relativize(p).toString(), a.get("uid") + ":" + a.get("gid") + " " + a.get("mode")
            + (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "" : " " + a.get("size")));
      }
    }
    return m;
  }

  static LoopFs loop(Scratch s, String type) throws Exception {
    return LoopFs.create(s, type, type.equals("xfs") ? 300 : 16);
  }

  static OverlayDriver driver(LoopFs fs) throws Exception {
    Files.createDirectories(fs.path().resolve("root"));
    return OverlayDriver.init(fs.path().resolve("root/overlay"), fs.path().resolve("run/overlay"), List.of(),
        IdMappings.IDENTITY);
  }

  static void assertOneLineEnospc(Throwable e, Path where) {
    assertThat(e.getMessage()).contains("ENOSPC").contains(where.toString()).doesNotContain("\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ext4", "xfs"})
  void applyDiffOnAFullDisk(String type) throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("enospc-apply-" + type); LoopFs fs = loop(s, type);
        OverlayDriver d = driver(fs)) {
      d.create("base", null, CreateOpts.DEFAULT);
      d.create("child", "base", CreateOpts.DEFAULT);
      Path tar = s.resolve("big.tar");
      try (LayerTar t = LayerTar.create(tar)) {
        t.dir("data", 0755, 0, 0).file("data/small", "x");
        for (int i = 0; i < 4; i++) {
          t.file("data/big-" + i, 0644, 0, 0, MIB);
        }
      }
      fs.fill();
      fs.free(1 << 20);
      Map<String, String> before = state(d.home());
      try (InputStream in = Files.newInputStream(tar)) {
        assertThatThrownBy(() -> LayerContents.of(d).applyDiff("child", "base", IdMappings.IDENTITY, in,
            Progress.NONE, Cancel.NEVER)).satisfies(e -> assertOneLineEnospc(e, d.home().resolve("child")));
      }
      assertThat(state(d.home())).as("the store as before, no staging dir left").isEqualTo(before);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ext4", "xfs"})
  void updateIdMapOnAFullDisk(String type) throws Exception {
    Root.require();
    // copy-up on a reflink XFS clones the data and does not run out of space: the test turns reflink off
    try (Scratch s = Scratch.create("enospc-idmap-" + type);
        LoopFs fs = type.equals("xfs") ? LoopFs.create(s, type, 300, List.of("-m", "reflink=0")) : loop(s, type);
        OverlayDriver d = driver(fs)) {
      d.create("base", null, CreateOpts.DEFAULT);
      Path m = d.get("base", MountOpts.DEFAULT);
      for (int i = 0; i < 6; i++) {
        Files.write(m.resolve("lower-" + i), MIB);
      }
      d.put("base");
      d.create("child", "base", CreateOpts.DEFAULT);
      Files.writeString(d.get("child", MountOpts.DEFAULT).resolve("own"), "child");
      d.put("child");
      fs.fill();
      fs.free(1 << 20);
      Map<String, String> before = state(d.home());
      IdMappings to = IdMappings.parse("0:100000:65536", "0:100000:65536");
      assertThatThrownBy(() -> LayerContents.of(d).updateLayerIdMap("child", IdMappings.IDENTITY, to,
          Progress.NONE, Cancel.NEVER)).satisfies(e -> assertOneLineEnospc(e, d.home().resolve("child")));
      assertThat(d.mountCount("child")).isZero();
      assertThat(state(d.home())).as("copy-ups undone, owners back, no journal").isEqualTo(before);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ext4", "xfs"})
  void exportToAFullDisk(String type) throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("enospc-export-" + type); LoopFs fs = loop(s, type)) {
      try (OverlayDriver d = driver(fs)) {
        d.create("base", null, CreateOpts.DEFAULT);
        Path m = d.get("base", MountOpts.DEFAULT);
        for (int i = 0; i < 3; i++) {
          Files.write(m.resolve("f-" + i), MIB);
        }
        d.put("base");
      }
      fs.fill();
      fs.free(1 << 20);
      Path out = fs.path().resolve("out.tar");
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "dev.ovl.cli.Main", "--root",
          fs.path().resolve("root").toString(), "--runroot", fs.path().resolve("run").toString(), "diff", "base",
          "--file", out.toString()));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes()).strip();
      assertThat(p.waitFor()).as(text).isNotZero();
      assertThat(text).contains("ENOSPC").contains(out.toString()).doesNotContain("\n");
      try (var l = Files.list(fs.path())) {
        assertThat(l.map(x -> x.getFileName().toString()).filter(n -> n.contains("out.tar")).toList())
            .as("no partial tar, no temp file").isEmpty();
      }
    }
  }
}
