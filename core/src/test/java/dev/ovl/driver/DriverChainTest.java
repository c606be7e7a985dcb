package dev.ovl.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.natives.MountInfo;
import dev.ovl.testing.Root;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deep chains, lost links and long mount data. */
class DriverChainTest {
  @BeforeEach
  void root() {
    Root.require();
  }

  /** Creates base + {@code depth} children; layer i writes "depth" = i and its own file "f-i". */
  static List<String> chain(OverlayDriver d, int depth) throws Exception {
    List<String> ids = new java.util.ArrayList<>();
    String parent = null;
    for (int i = 0; i <= depth; i++) {
      String id = String.format("layer-%03d", i);
      d.create(id, parent, CreateOpts.DEFAULT);
      Path m = d.get(id, MountOpts.DEFAULT);
      Files.writeString(m.resolve("depth"), Integer.toString(i));
      Files.writeString(m.resolve("f-" + i), "x" + i);
      d.put(id);
      ids.add(id);
      parent = id;
    }
    return ids;
  }

  @Test
  void deepChainReadsBackFromTheTopAndTooDeepIsRefused() throws Exception {
    try (DriverFixture f = DriverFixture.create("deep")) {
      OverlayDriver d = f.driver;
      List<String> ids = chain(d, 128);
      String top = ids.get(128);
      assertThat(d.layer(top).depth()).isEqualTo(128);
      Path m = d.get(top, MountOpts.DEFAULT);
      try {
        assertThat(Files.readString(m.resolve("depth"))).isEqualTo("128");
        for (int i = 0; i <= 128; i++) {
          assertThat(Files.readString(m.resolve("f-" + i))).isEqualTo("x" + i);
        }
      } finally {
        d.put(top);
      }
      for (int i = 128; i >= 0; i -= 16) {
        Path mi = d.get(ids.get(i), MountOpts.readOnly());
        assertThat(Files.readString(mi.resolve("depth"))).isEqualTo(Integer.toString(i));
        assertThat(mi.resolve("f-" + (i + 1))).doesNotExist();
        d.put(ids.get(i));
      }
      d.create("too-deep", top, CreateOpts.DEFAULT);
      assertThat(d.layer("too-deep").depth()).isEqualTo(129);
      assertThatThrownBy(() -> d.get("too-deep", MountOpts.DEFAULT)).hasMessageContaining("max depth exceeded");
      assertThat(MountInfo.isMountPoint(f.home().resolve("too-deep/merged"))).isFalse();
      assertThat(d.mountCount("too-deep")).isZero();
    }
  }

  @Test
  void longMountDataUsesRelativeLowersFromTheHome() throws Exception {
    // A long home path pushes 128 absolute lowers far past a page.
    try (DriverFixture f = DriverFixture.create("long-" + "x".repeat(60))) {
      OverlayDriver d = f.driver;
      List<String> ids = chain(d, 128);
      String top = ids.get(128);
      int absLength = 128 * (f.home().toString().length() + 29);
      assertThat(absLength).isGreaterThan(dev.ovl.natives.Syscalls.pageSize());
      Path m = d.get(top, MountOpts.DEFAULT);
      try {
        assertThat(Files.readString(m.resolve("f-0"))).isEqualTo("x0");
        assertThat(Files.readString(m.resolve("depth"))).isEqualTo("128");
        Files.writeString(m.resolve("new"), "upper");
      } finally {
        d.put(top);
      }
      assertThat(Files.readString(f.home().resolve(top).resolve("diff/new"))).isEqualTo("upper");
      Path ro = d.get(top, MountOpts.readOnly());
      try {
        assertThat(Files.readString(ro.resolve("new"))).isEqualTo("upper");
      } finally {
        d.put(top);
      }
    }
  }

  @Test
  void lostLinksAreRecreatedWithTheirOriginalNames() throws Exception {
    try (DriverFixture f = DriverFixture.create("relink")) {
      OverlayDriver d = f.driver;
      List<String> ids = chain(d, 3);
      Path l = f.home().resolve("l");
      List<String> before;
      try (var s = Files.list(l)) {
        before = s.map(p -> p.getFileName().toString()).sorted().toList();
      }
      dev.ovl.testing.Scratch.deleteTree(l);
      Path m = d.get(ids.get(3), MountOpts.DEFAULT);
      assertThat(Files.readString(m.resolve("f-0"))).isEqualTo("x0");
      d.put(ids.get(3));
      try (var s = Files.list(l)) {
        assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).isEqualTo(before);
      }
      for (String id : ids) {
        String link = Files.readString(f.home().resolve(id).resolve("link"));
        assertThat(Files.readSymbolicLink(l.resolve(link))).isEqualTo(Path.of("..", id, "diff"));
      }
    }
  }

  @Test
  void lostLinkFileIsRebuiltFromL() throws Exception {
    try (DriverFixture f = DriverFixture.create("linkfile")) {
      OverlayDriver d = f.driver;
      List<String> ids = chain(d, 2);
      Path linkFile = f.home().resolve(ids.get(2)).resolve("link");
      String link = Files.readString(linkFile);
      Files.delete(linkFile);
      Path m = d.get(ids.get(2), MountOpts.DEFAULT);
      assertThat(Files.readString(m.resolve("depth"))).isEqualTo("2");
      d.put(ids.get(2));
      assertThat(Files.readString(linkFile)).isEqualTo(link);

      Files.delete(linkFile);
      Files.delete(f.home().resolve("l").resolve(link));
      LinkReport report = d.recreateSymlinks();
      assertThat(report.problems()).singleElement().asString().contains(ids.get(2));
      assertThatThrownBy(() -> d.get(ids.get(2), MountOpts.DEFAULT)).hasMessageContaining("run ovl repair");
    }
  }

  @Test
  void linkPointingOutsideTheHomeIsRefused() throws Exception {
    try (DriverFixture f = DriverFixture.create("escape")) {
      OverlayDriver d = f.driver;
      List<String> ids = chain(d, 1);
      String baseLink = Files.readString(f.home().resolve(ids.get(0)).resolve("link"));
      Path l = f.home().resolve("l").resolve(baseLink);
      Files.delete(l);
      Files.createSymbolicLink(l, Path.of("/etc"));
      assertThatThrownBy(() -> d.get(ids.get(1), MountOpts.DEFAULT))
          .hasMessageContaining("not ../<id>/diff");
      Files.writeString(f.home().resolve(ids.get(1)).resolve("lower"), "l/../../../etc");
      assertThatThrownBy(() -> d.get(ids.get(1), MountOpts.DEFAULT)).hasMessageContaining("is not l/<link>");
      assertThat(MountInfo.isMountPoint(f.home().resolve(ids.get(1)).resolve("merged"))).isFalse();
    }
  }
}
