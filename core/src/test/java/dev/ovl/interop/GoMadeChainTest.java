package dev.ovl.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.driver.OverlayDriver;
import dev.ovl.idtools.IdMappings;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A chain made by the Go peer (create-layer + applydiff) mounted by ovl shows what the peer's own mount shows. */
class GoMadeChainTest {
  @BeforeEach
  void root() {
    Root.require();
  }

  /** Base, two image layers with whiteouts and an opaque dir, and an empty container layer on top. */
  static List<String> goChain(GoStorage go, Path tars) throws Exception {
    Random rnd = new Random(42);
    byte[] blob = new byte[200_000];
    rnd.nextBytes(blob);
    Path base = tars.resolve("base.tar");
    try (LayerTar t = LayerTar.create(base)) {
      t.dir("etc", 0755, 0, 0).file("etc/hosts", "127.0.0.1 localhost\n")
          .dir("bin", 0755, 0, 0).file("bin/tool", 04755, 1000, 1000, "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8))
          .symlink("bin/sh", "tool").hardlink("bin/tool2", "bin/tool", 04755, 1000, 1000)
          .dir("data", 0750, 1000, 2000).file("data/a", "a\n").file("data/b", "b\n")
          .file("data/blob", 0600, 0, 0, blob)
          .dir("tmp", 01777, 0, 0).fifo("tmp/fifo", 0620)
          .dir("dev", 0755, 0, 0).charDevice("dev/null", 0666, 1, 3)
          .dir("opq", 0755, 0, 0).file("opq/old", "old\n")
          .file("d".repeat(120) + "-long-name", "long\n");
    }
    Path middle = tars.resolve("middle.tar");
    try (LayerTar t = LayerTar.create(middle)) {
      t.dir("etc", 0755, 0, 0).file("etc/hosts", "10.0.0.1 gateway\n")
          .dir("data", 0750, 1000, 2000).whiteout("data/a").file("data/c", 0640, 33, 33, "c\n".getBytes())
          .dir("opq", 0711, 0, 0).opaque("opq").file("opq/new", "new\n");
    }
    Path top = tars.resolve("top.tar");
    try (LayerTar t = LayerTar.create(top)) {
      t.whiteout("bin").dir("etc", 0700, 0, 0).file("data/b", 0444, 2000, 2000, "b2\n".getBytes())
          .symlink("etc/localtime", "/usr/share/zoneinfo/UTC");
    }
    List<String> ids = new ArrayList<>();
    String parent = null;
    String[] names = {"go-base", "go-middle", "go-top", "go-container"};
    Path[] diffs = {base, middle, top, null};
    for (int i = 0; i < names.length; i++) {
      String id = go.createLayer(names[i], parent);
      if (diffs[i] != null) {
        go.applyDiff(id, diffs[i]);
      }
      ids.add(id);
      parent = id;
    }
    return ids;
  }

  static Map<String, SortedMap<String, String>> goViews(GoStorage go, List<String> ids) throws Exception {
    Map<String, SortedMap<String, String>> out = new TreeMap<>();
    for (String id : ids) {
      out.put(id, Views.go(go, id));
    }
    return out;
  }

  @Test
  void ovlMountsTheGoChainWithTheSameMergedView() throws Exception {
    try (Scratch s = Scratch.create("interop-go-chain")) {
      GoStorage go = GoStorage.on(s.resolve("root"), s.resolve("run"));
      List<String> ids = goChain(go, s.path());
      Map<String, SortedMap<String, String>> expected = goViews(go, ids);
      SortedMap<String, String> top = expected.get("go-container");
      assertThat(top).containsKeys("etc/hosts", "data/c", "opq/new", "dev/null", "tmp/fifo", "etc/localtime")
          .doesNotContainKeys("data/a", "opq/old", "bin", "bin/tool", "data/.wh.a", "opq/.wh..wh..opq");
      assertThat(top.get("dev/null")).startsWith("c 0666 0:0 rdev ");
      assertThat(top.get("etc")).isEqualTo("d 0700 0:0");
      assertThat(expected.get("go-base").get("bin/tool")).startsWith("- 4755 1000:1000")
          .isEqualTo(expected.get("go-base").get("bin/tool2"));
      try (OverlayDriver d = OverlayDriver.init(go.home(), go.runHome(), List.of(), IdMappings.IDENTITY)) {
        for (String id : ids) {
          assertThat(Views.ovl(d, id)).as("layer %s", id).isEqualTo(expected.get(id));
        }
      }
    }
  }

  @Test
  void lostLinkDirIsRecreatedByOvlWithTheOriginalNamesAndTheGoPeerStillMounts() throws Exception {
    try (Scratch s = Scratch.create("interop-go-relink")) {
      GoStorage go = GoStorage.on(s.resolve("root"), s.resolve("run"));
      List<String> ids = goChain(go, s.path());
      Map<String, SortedMap<String, String>> expected = goViews(go, ids);
      Path l = go.home().resolve("l");
      Map<String, Path> before = links(l);
      assertThat(before).hasSize(ids.size());
      Scratch.deleteTree(l);
      try (OverlayDriver d = OverlayDriver.init(go.home(), go.runHome(), List.of(), IdMappings.IDENTITY)) {
        assertThat(Views.ovl(d, "go-container")).isEqualTo(expected.get("go-container"));
      }
      assertThat(links(l)).isEqualTo(before);
      assertThat(goViews(go, ids)).isEqualTo(expected);
    }
  }

  @Test
  void aGoStoreServesAsOvlsImageStore() throws Exception {
    try (Scratch s = Scratch.create("interop-go-imagestore")) {
      GoStorage go = GoStorage.on(s.resolve("images"), s.resolve("images-run"));
      List<String> ids = goChain(go, s.path());
      SortedMap<String, String> expected = Views.go(go, "go-top");
      Path root = Files.createDirectories(s.resolve("root"));
      try (OverlayDriver d = OverlayDriver.init(root.resolve("overlay"), s.resolve("run/overlay"),
          List.of("overlay.imagestore=" + go.root()), IdMappings.IDENTITY)) {
        d.createReadWrite("container", "go-top", dev.ovl.driver.CreateOpts.DEFAULT);
        assertThat(d.lowerDirs("container")).containsExactly(go.home().resolve("go-top/diff"),
            go.home().resolve("go-middle/diff"), go.home().resolve("go-base/diff"));
        assertThat(Views.ovl(d, "container")).isEqualTo(expected);
      }
      assertThat(go.layers()).containsExactlyInAnyOrderElementsOf(ids);
    }
  }

  /** Name to target of every entry in {@code l/}. */
  static Map<String, Path> links(Path l) throws Exception {
    Map<String, Path> out = new TreeMap<>();
    try (Stream<Path> st = Files.list(l)) {
      for (Path p : st.toList()) {
        out.put(p.getFileName().toString(), Files.readSymbolicLink(p));
      }
    }
    return out;
  }
}
